import { describe, expect, it } from 'vitest'
import { scenarioAbout } from './scenario-about'

describe('scenarioAbout', () => {
  it('reads the name and reflows the description', () => {
    expect(scenarioAbout('name: "S3: host GD"\ndescription: |\n  Selftest 063a22451fd9.\n  POST exits.\nguest:\n  asm: hlt\n')).toEqual({ name: 'S3: host GD', description: 'Selftest 063a22451fd9. POST exits.' })
  })
  it('has nothing to say about text that is not a YAML mapping', () => {
    expect(scenarioAbout('name: [unclosed')).toEqual({})
    expect(scenarioAbout('')).toEqual({})
    expect(scenarioAbout('- a\n- b\n')).toEqual({ name: undefined, description: undefined })
  })
})

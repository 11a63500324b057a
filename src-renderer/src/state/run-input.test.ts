import { describe, expect, it } from 'vitest'
import { inputChange, inputKey, type RunInput } from './run-input'

const base: RunInput = {
  text: 'name: s3\n',
  file: '/x/s03.yaml',
  sides: [{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'fep' }],
  knobs: {},
}

describe('inputChange', () => {
  it('is undefined for the same input', () => {
    expect(inputChange(base, { ...base, sides: [{ ...base.sides[0] }, { ...base.sides[1] }] })).toBeUndefined()
  })
  it('names what changed, scenario first', () => {
    expect(inputChange(base, { ...base, file: '/x/s07.yaml', text: 'other' })).toBe('other-scenario')
    expect(inputChange(base, { ...base, text: 'name: s3 # edited\n' })).toBe('edited')
    expect(inputChange(base, { ...base, sides: [base.sides[0], { build: 'v3-04', mode: 'fep' }] })).toBe('builds')
    expect(inputChange(base, { ...base, sides: [base.sides[0], { build: 'post', mode: 'native' }] })).toBe('builds')
    expect(inputChange(base, { ...base, vendor: 'amd' })).toBe('settings')
    expect(inputChange(base, { ...base, knobs: { exception_payload: true } })).toBe('settings')
    expect(inputChange(base, { ...base, instructionBudget: 10 })).toBe('settings')
  })
  it('ignores blanks around a build id (the picker trims them)', () => {
    expect(inputChange(base, { ...base, sides: [{ build: ' pre ', mode: 'fep' }, base.sides[1]] })).toBeUndefined()
  })
})

describe('inputKey', () => {
  it('differs when any part differs', () => {
    expect(inputKey(base)).toBe(inputKey({ ...base }))
    expect(inputKey(base)).not.toBe(inputKey({ ...base, text: 'x' }))
    expect(inputKey(base)).not.toBe(inputKey({ ...base, vendor: 'intel' }))
  })
})

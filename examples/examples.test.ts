import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkScenario, compareExpectation, runScenario } from '@patchlab/emulator-core'
import { parseScenario } from '@patchlab/emulator-core/scenario'

const dir = dirname(fileURLToPath(import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()

function load(file: string) {
  return parseScenario(readFileSync(join(dir, file), 'utf8'), `examples/${file}`)
}

describe('examples/ (patchlab check)', () => {
  for (const file of files) {
    const scenario = load(file)
    for (const result of checkScenario(scenario)) {
      it(`${file} ${result.build}/${result.mode}`, () => expect(result.mismatches).toEqual([]))
    }
  }
})

describe('upstream selftests fail on pre and pass on post', () => {
  for (const file of ['selftest-063a22451fd9-gd-fep-use-hw-bp.yaml', 'selftest-b8284279b732-sti-tf-pending-bs.yaml']) {
    it(file, () => {
      const scenario = load(file)
      const assertion = scenario.expect['post/fep']
      expect(compareExpectation(assertion, runScenario(scenario, { build: 'post', mode: 'fep' }), scenario)).toEqual([])
      expect(compareExpectation(assertion, runScenario(scenario, { build: 'pre', mode: 'fep' }), scenario)).not.toEqual([])
    })
  }
})

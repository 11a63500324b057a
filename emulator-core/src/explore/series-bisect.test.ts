// Bisect over the example scenarios names the patch that docs/reference/kvm-db-semantics.md §3 says changed each row
// (its "behavioural effect" column), and no patch for the rows §4 marks "=".
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { exploreEngine } from '../node/explore-engine'
import { bisectSeries } from './bisect'

const EXPECTED: Record<string, string | undefined> = {
  's01-gd-fep-mov-dr0': undefined,
  's02-gd-fep-payload-window-cap-on': 'v3-03', // S2: DR6 written at injection, visible in the window
  's02b-gd-fep-payload-window-cap-off': undefined,
  's02c-gd-fep-set-debugregs-in-window': 'v3-03',
  's03-gd-fep-host-use-hw-bp': 'v3-04', // S3
  's03n-gd-native-host-use-hw-bp': undefined,
  's04-gd-fep-guest-only-under-use-hw-bp': 'v3-04', // S4
  's05-host-code-bp-fep-nop': undefined,
  's06-guest-code-bp-under-use-hw-bp': 'v3-05', // S6
  's07-guest-code-bp-fep-nop': undefined,
  's08-guest-code-bp-under-host-singlestep': 'v3-06', // S8
  's09-host-singlestep-fep-nop': undefined,
  's10-guest-tf-fep-nop-under-use-hw-bp': 'v3-06', // S10
  's10b-guest-tf-cpuid-under-use-hw-bp': 'v3-06', // S10b
  's11-gd-fep-under-host-singlestep': 'v3-06', // S11
  's12-fep-sti-tf-pending-bs': 'v3-01', // S12
  's12b-fep-mov-ss-tf-pending-bs': 'v3-01', // S12b
  's12n-native-sti-tf': undefined,
  'selftest-063a22451fd9-gd-fep-use-hw-bp': 'v3-04',
  'selftest-b8284279b732-sti-tf-pending-bs': 'v3-01',
}

describe('bisect pre → post over the examples', () => {
  for (const [name, patch] of Object.entries(EXPECTED)) {
    it(`${name}: ${patch ?? 'no patch changes the result'}`, () => {
      const file = new URL(`../../../examples/${name}.yaml`, import.meta.url).pathname
      const scenario = exploreEngine.parseScenario(readFileSync(file, 'utf8'), file)
      const result = bisectSeries(exploreEngine.runScenario, exploreEngine.catalog, scenario, { from: 'pre', to: 'post' })
      expect(result.first_change?.patch).toBe(patch)
    })
  }
})

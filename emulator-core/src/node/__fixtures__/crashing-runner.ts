// The fake runner, except that its worker thread dies (process.exit in a worker ends only that thread)
// on its 600th run: past the warm-up, in the middle of the search.
import { fakeRun } from '../../explore/__fixtures__/fake-runner'
import type { RunOptions, Scenario } from '../../types'

let runs = 0

export function dieOnRun600(scenario: Scenario, options: RunOptions) {
  if (++runs === 600) process.exit(137)
  return fakeRun(scenario, options)
}

export { runScenario } from './run-scenario'
export { checkScenario, compareExpectation, expectationPairs, type CheckResult } from './check-expectations'

// The engine's public entry: shared types, assembler, builds, scenarios, runner, compare.
export * from './types'
export { assemble, disassemble, formatGas, type AsmError, type AsmResult, type AssembleOptions } from './asm'
export { NAMED_BUILDS, PATCHES, patchInfo, resolveBuild, isBuildId, type Build, type PatchModule } from './builds'
export { parseScenario, serializeScenario, type ParseOptions } from './scenario'
export { runScenario, checkScenario, compareExpectation, expectationPairs, type CheckResult } from './run'
export { compareTraces, type ComparedScenario } from './compare'

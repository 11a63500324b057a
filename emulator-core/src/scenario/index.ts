export { parseScenario, type ParseOptions } from './parse'
export { serializeScenario } from './serialize'

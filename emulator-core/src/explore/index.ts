export { bisectSeries, type BisectOptions, type BisectResult, type BisectStep, type BuildCatalog } from './bisect'
export {
  CampaignTally,
  DEFAULT_CHUNK_SIZE,
  budgetLeft,
  caseName,
  finishCluster,
  fuzzCampaign,
  fuzzChunk,
  validateFuzzOptions,
  type CampaignHooks,
  type ChunkResult,
  type FuzzCluster,
  type FuzzOptions,
  type FuzzProgress,
  type FuzzReport,
} from './campaign'
export { clusterDivergences, type Cluster, type Divergence } from './cluster'
export { ddmin } from './ddmin'
export { runPair, type PairRun } from './differential'
export { expectationFromTrace } from './expectation'
export { programLength, type FuzzCase, type FuzzUnit } from './fuzz-case'
export { generateCase } from './grammar'
export { minimizeDivergence, type MinimizedDivergence } from './minimize'
export { OBSERVABLES, type Observable } from './observables'
export { renderScenario } from './render'
export type { RunFn } from './run-fn'
export { divergenceSignature, renderPart, type DivergenceSignature, type SignaturePart } from './signature'
export { applyPoint, matrixPoints, runMatrix, MATRIX_AXES, type GuestDebugChoice, type MatrixAxis, type MatrixCell, type MatrixGroup, type MatrixOptions, type MatrixPoint, type MatrixResult } from './matrix'
export { formatMatrix, MATRIX_FORMATS, type MatrixFormat } from './matrix-format'
export { renderTable } from './table'
export { formatBisect, type BisectFormat } from './bisect-format'
export { formatFuzzReport } from './fuzz-format'

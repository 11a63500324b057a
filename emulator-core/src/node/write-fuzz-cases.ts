import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { FuzzReport } from '../explore'
import type { Scenario } from '../types'
import { writeFileAtomic } from './atomic-write'
import { stringifyWithHex } from './json-bigint'

/**
 * Writes one minimized scenario file per cluster (`cluster-01.yaml` …, in cluster order) and
 * `fuzz-report.json`. Returns the scenario file names, in cluster order.
 */
export async function writeFuzzCases(dir: string, report: FuzzReport, serialize: (s: Scenario) => string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const names = report.clusters.map((_, i) => `cluster-${String(i + 1).padStart(2, '0')}.yaml`)
  await Promise.all(report.clusters.map((c, i) => writeFileAtomic(join(dir, names[i]), serialize(c.scenario))))
  const summary = { ...report, clusters: report.clusters.map((c, i) => ({ ...c, file: names[i] })) }
  await writeFileAtomic(join(dir, 'fuzz-report.json'), stringifyWithHex(summary))
  return names
}

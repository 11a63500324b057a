import type { FuzzReport } from './campaign'
import { renderTable } from './table'

/** A campaign's clusters as a table (the JSON form is written by the Node side, with the case files). */
export function formatFuzzReport(report: FuzzReport, format: 'text' | 'md', files: readonly string[] = []): string {
  const [a, b] = report.builds
  const other = report.mode === 'fep' ? 'native' : 'fep'
  const reference = { a, b, both: 'both', neither: 'neither' }
  const rows = report.clusters.map((c, i) => [
    `#${i + 1}`,
    String(c.count),
    String(c.instructions),
    reference[c.reference],
    ...(files.length ? [files[i] ?? ''] : []),
    c.signature,
  ])
  const title =
    `Fuzz ${a} vs ${b}, seed ${report.seed}: ${report.cases} cases in ${report.mode} mode, ` +
    `${report.clusters.length} cluster(s), ${(report.elapsed_ms / 1000).toFixed(1)} s${report.interrupted ? ' (interrupted)' : ''}`
  const lines = [format === 'md' ? `## ${title}` : title, '']
  if (report.clusters.length) {
    const headers = ['cluster', 'cases', 'insns', `${other} agrees with`, ...(files.length ? ['file'] : []), 'signature']
    lines.push(renderTable(headers, rows, format), '')
  } else lines.push(`No divergence between ${a} and ${b}.`, '')
  if (report.rejected) lines.push(`${report.rejected} case(s) rejected by the engine, e.g. ${report.rejections[0]}`, '')
  return lines.join('\n')
}

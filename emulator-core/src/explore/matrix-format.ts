import type { MatrixResult } from './matrix'
import { renderTable } from './table'

export type MatrixFormat = 'text' | 'md' | 'json'
export const MATRIX_FORMATS: readonly MatrixFormat[] = ['text', 'md', 'json']

/**
 * The matrix as a reviewer reads it: first how many cells agree or diverge in each way (by
 * divergence signature), then every cell with each build's outcome and `≠` where it differs from
 * the first build.
 */
export function formatMatrix(result: MatrixResult, format: MatrixFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`
  const heading = (text: string) => (format === 'md' ? `### ${text}` : text)
  const scenarios = new Set(result.cells.map((c) => c.scenario)).size
  const points = scenarios ? result.cells.length / scenarios : 0
  const title = `${scenarios} scenario(s) × ${points} point(s) on ${result.builds.join(', ')}${result.axes.length ? ` (axes: ${result.axes.join(', ')})` : ''}`

  const groupRows = result.groups.map((g, i) => [`#${i + 1}`, String(g.count), g.signature])
  const axisHeaders = ['mode', ...result.axes.filter((a) => a !== 'mode')]
  const cellRows = result.cells.map((cell) => [
    cell.scenario,
    ...axisHeaders.map((axis) => pointValue(cell.point, axis)),
    ...cell.results.map((r, i) => {
      const shown = r.error !== undefined ? 'error' : r.summary!.outcome
      return cell.against_first[i] === undefined ? shown : `${shown} ≠`
    }),
    `#${cell.group + 1}`,
  ])
  return [
    format === 'md' ? `## Matrix: ${title}` : `Matrix: ${title}`,
    '',
    heading('Agreement by divergence signature (against the first build)'),
    '',
    renderTable(['group', 'cells', 'signature'], groupRows, format),
    '',
    heading('Cells'),
    '',
    renderTable(['scenario', ...axisHeaders, ...result.builds, 'group'], cellRows, format),
    '',
  ].join('\n')
}

function pointValue(point: MatrixResult['cells'][number]['point'], axis: string): string {
  switch (axis) {
    case 'mode': return point.mode
    case 'vendor': return point.vendor ?? ''
    case 'payload': return point.payload === undefined ? '' : point.payload ? 'on' : 'off'
    case 'guest_debug': return point.guest_debug ?? ''
    default: return ''
  }
}

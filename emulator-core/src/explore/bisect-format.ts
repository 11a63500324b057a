import { summarizeTrace } from '../compare'
import type { BisectResult } from './bisect'
import { renderTable } from './table'

export type BisectFormat = 'text' | 'md' | 'json'

/** The walk as a table, then the first patch that changed the result with every differing value. */
export function formatBisect(result: BisectResult, format: BisectFormat): string {
  if (format === 'json') {
    return `${JSON.stringify({ ...result, steps: result.steps.map(({ trace, ...step }) => ({ ...step, summary: summarizeTrace(trace) })) }, null, 2)}\n`
  }
  const rows = result.steps.map((step) => {
    const summary = summarizeTrace(step.trace)
    return [step.build, step.patch ?? '(start)', summary.outcome, summary.exits.join(' ') || 'none', step.change ? `changed: ${step.change.key}` : '']
  })
  const lines = [
    format === 'md' ? `## Bisect ${result.from} → ${result.to} (${result.mode})` : `Bisect ${result.from} → ${result.to} (${result.mode})`,
    '',
    renderTable(['build', 'adds', 'outcome', 'exits', 'change'], rows, format),
    '',
  ]
  const first = result.first_change
  if (!first) {
    lines.push(`No patch between ${result.from} and ${result.to} changes the observable result.`, '')
    return lines.join('\n')
  }
  const subject = first.subject ? ` ("${first.subject}"${first.commit ? `, ${first.commit}` : ''})` : ''
  lines.push(`First change: ${first.patch}${subject}`, `  ${first.before} → ${first.after}: ${first.signature.key}`)
  for (const d of first.diffs) lines.push(`  ${d.path}: ${d.a ?? '(absent)'} → ${d.b ?? '(absent)'}`)
  lines.push('')
  return lines.join('\n')
}

/** A plain table as aligned text (for terminals) or GitHub-flavoured Markdown (for mail and issues). */
export function renderTable(headers: string[], rows: string[][], format: 'text' | 'md'): string {
  if (format === 'md') {
    const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
    return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

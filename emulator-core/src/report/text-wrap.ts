/**
 * Breaks `text` into lines of at most `width` columns: at spaces, else after a comma or slash, else hard.
 * Always returns at least one (possibly empty) line.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ').flatMap((w) => splitLongWord(w, width))) {
    if (!line) line = word
    else if (line.length + 1 + word.length <= width) line += ` ${word}`
    else {
      lines.push(line)
      line = word
    }
  }
  lines.push(line)
  return lines
}

/** Splits a word longer than `width` after its last comma or slash that fits, or at `width`. */
function splitLongWord(word: string, width: number): string[] {
  const pieces: string[] = []
  let rest = word
  while (rest.length > width) {
    const breakAt = Math.max(rest.lastIndexOf(',', width - 1), rest.lastIndexOf('/', width - 1))
    const cut = breakAt > 0 ? breakAt + 1 : width
    pieces.push(rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  pieces.push(rest)
  return pieces
}

/** Lays two wrapped cells side by side after a fixed-width prefix; continuation lines get a blank prefix. */
export function columns(prefix: string, cells: Array<{ text: string; width: number }>, gap = 2): string[] {
  const wrapped = cells.map((c) => wrapText(c.text, c.width))
  const height = Math.max(...wrapped.map((w) => w.length))
  const lines: string[] = []
  for (let i = 0; i < height; i++) {
    const parts = wrapped.map((w, c) => (w[i] ?? '').padEnd(cells[c].width))
    lines.push(`${i === 0 ? prefix : ' '.repeat(prefix.length)}${parts.join(' '.repeat(gap))}`.trimEnd())
  }
  return lines
}

/** ANSI colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1 } as const

export function paint(colour: keyof typeof CODES, text: string, enabled = colourEnabled()): string {
  return enabled ? `\x1b[${CODES[colour]}m${text}\x1b[0m` : text
}

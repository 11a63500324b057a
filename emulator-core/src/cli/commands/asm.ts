import { assemble } from '../../asm'
import { formatHexBytes, formatListing } from '../../asm/listing-format'
import { readFailure, readInputFile } from '../../node/cli-input'
import { parseHex } from '../../types/hex'
import type { Command } from '../command'

const USAGE = `usage: patchlab asm FILE.S [--hex|--listing] [--origin 0x…]

Assembles GNU as AT&T syntax (64-bit) with PatchLab's assembler.
  --hex        print the bytes as hex, 16 per line (default)
  --listing    print line, address, bytes and source for every line
  --origin A   address of the first byte (default 0x0); labels are origin + offset

Errors print as FILE:LINE:COL: message.
exit status: 0 assembled, 2 bad input`

interface AsmArgs {
  file: string
  listing: boolean
  origin: bigint
}

function parseArgs(args: string[]): AsmArgs | string {
  let file: string | undefined
  let listing = false
  let origin = 0n
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--hex') listing = false
    else if (arg === '--listing') listing = true
    else if (arg === '--origin') {
      const value = args[++i]
      const parsed = value === undefined ? undefined : parseHex(value)
      if (parsed === undefined) return `--origin needs an address like 0x400000, got '${value ?? ''}'`
      origin = parsed
    } else if (arg.startsWith('-')) return `unknown option '${arg}'`
    else if (file === undefined) file = arg
    else return `only one FILE.S is assembled at a time (also got '${arg}')`
  }
  if (file === undefined) return 'missing FILE.S'
  return { file, listing, origin }
}

const command: Command = {
  summary: 'assemble AT&T x86-64 source to bytes or a listing',
  usage: USAGE,
  async run(args) {
    const parsed = parseArgs(args)
    if (typeof parsed === 'string') {
      process.stderr.write(`patchlab asm: ${parsed}\n${USAGE}\n`)
      return 2
    }
    let source: string
    try {
      source = readInputFile(parsed.file).toString('utf8')
    } catch (error) {
      process.stderr.write(`${parsed.file}:1:1: cannot read the file: ${readFailure(error)}\n`)
      return 2
    }
    const result = assemble(source, { fileName: parsed.file, origin: parsed.origin })
    if (!result.ok) {
      process.stderr.write(result.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}\n`).join(''))
      return 2
    }
    const text = parsed.listing ? formatListing(result.listing) : formatHexBytes(result.bytes)
    process.stdout.write(text ? `${text}\n` : '')
    return 0
  },
}

export default command

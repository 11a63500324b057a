import { disassemble } from '../../asm'
import { readFailure, readInputFile } from '../../node/cli-input'
import { hex, parseHex } from '../../types/hex'
import type { Command } from '../command'
import { UsageError, didYouMean, withUsageErrors } from '../usage'

const USAGE = `usage: patchlab disasm FILE.bin [--origin 0x…]

Disassembles raw 64-bit x86 code (GAS syntax, iced-x86's formatter), one instruction per line:
address, bytes, instruction.
  --origin A   address of the first byte (default 0x0)

exit status: 0 done, 2 bad input`

const command: Command = {
  summary: 'disassemble raw x86-64 bytes (GAS syntax)',
  usage: USAGE,
  run: withUsageErrors('disasm', USAGE, async (args) => {
    let file: string | undefined
    let origin = 0n
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]
      if (arg === '--origin') {
        const value = args[++i]
        const parsed = value === undefined ? undefined : parseHex(value)
        if (parsed === undefined) throw new UsageError(`--origin needs an address like 0x400000, got '${value ?? ''}'`)
        origin = parsed
      } else if (arg.startsWith('-')) {
        throw new UsageError(`unknown option '${arg}'${didYouMean(arg, ['--origin']) ? "; did you mean '--origin'?" : ''}`)
      } else if (file !== undefined) throw new UsageError(`unexpected argument '${arg}' (one FILE.bin at a time)`)
      else file = arg
    }
    if (file === undefined) throw new UsageError('missing FILE.bin')
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(readInputFile(file))
    } catch (error) {
      process.stderr.write(`${file}:1:1: cannot read the file: ${readFailure(error)}\n`)
      return 2
    }
    const lines = disassemble(bytes, origin).map((d) => {
      const byteText = [...d.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')
      return `${hex(d.address)}  ${byteText.padEnd(30)}  ${d.text}`
    })
    process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '')
    return 0
  }),
}

export default command

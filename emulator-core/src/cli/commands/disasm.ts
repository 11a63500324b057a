import { disassemble } from '../../asm'
import { readFailure, readInputFile } from '../../node/cli-input'
import { hex, parseHex } from '../../types/hex'
import type { Command } from '../command'

const USAGE = `usage: patchlab disasm FILE.bin [--origin 0x…]

Disassembles raw 64-bit x86 code (GAS syntax, iced-x86's formatter), one instruction per line:
address, bytes, instruction.
  --origin A   address of the first byte (default 0x0)

exit status: 0 done, 2 bad input`

const command: Command = {
  summary: 'disassemble raw x86-64 bytes (GAS syntax)',
  usage: USAGE,
  async run(args) {
    let file: string | undefined
    let origin = 0n
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]
      if (arg === '--origin') {
        const value = args[++i]
        const parsed = value === undefined ? undefined : parseHex(value)
        if (parsed === undefined) {
          process.stderr.write(`patchlab disasm: --origin needs an address like 0x400000, got '${value ?? ''}'\n`)
          return 2
        }
        origin = parsed
      } else if (arg.startsWith('-') || file !== undefined) {
        process.stderr.write(`patchlab disasm: unexpected argument '${arg}'\n${USAGE}\n`)
        return 2
      } else file = arg
    }
    if (file === undefined) {
      process.stderr.write(`patchlab disasm: missing FILE.bin\n${USAGE}\n`)
      return 2
    }
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
  },
}

export default command

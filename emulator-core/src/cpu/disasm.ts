/** GAS (AT&T) disassembly text for traces, with the assembler's shared formatter. */
import { Decoder, DecoderOptions } from 'iced-x86'
import { formatGas } from '../asm/format-gas'

/** Disassembles the instruction whose bytes are given, as if located at `address`. */
export function formatGasAt(bytes: Uint8Array, address: bigint): string {
  const decoder = new Decoder(64, bytes, DecoderOptions.None)
  decoder.ip = address
  const instr = decoder.decode()
  try {
    return formatGas(instr)
  } finally {
    instr.free()
    decoder.free()
  }
}

/** GAS (AT&T) disassembly text for traces, from one cached iced-x86 formatter. */
import { Decoder, DecoderOptions, Formatter, FormatterSyntax } from 'iced-x86'

let formatter: Formatter | undefined

function gasFormatter(): Formatter {
  if (!formatter) {
    formatter = new Formatter(FormatterSyntax.Gas)
    // objdump style: lowercase hex, RIP-relative operands as written, no zero padding on branches.
    formatter.uppercaseHex = false
    formatter.ripRelativeAddresses = true
    formatter.branchLeadingZeros = false
    formatter.spaceAfterOperandSeparator = false
  }
  return formatter
}

/** Disassembles the instruction whose bytes are given, as if located at `address`. */
export function formatGasAt(bytes: Uint8Array, address: bigint): string {
  const decoder = new Decoder(64, bytes, DecoderOptions.None)
  decoder.ip = address
  const instr = decoder.decode()
  try {
    return gasFormatter().format(instr)
  } finally {
    instr.free()
    decoder.free()
  }
}

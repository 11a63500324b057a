import { Decoder, DecoderOptions, Instruction } from 'iced-x86'
import { formatGas } from './format-gas'

export interface DisassembledInstruction {
  address: bigint
  length: number
  bytes: Uint8Array
  text: string
}

/** Decodes 64-bit code at `origin` into GAS-syntax lines; undecodable bytes come out as `(bad)`. */
export function disassemble(bytes: Uint8Array, origin: bigint): DisassembledInstruction[] {
  const decoder = new Decoder(64, bytes, DecoderOptions.None)
  const instruction = new Instruction()
  const out: DisassembledInstruction[] = []
  try {
    decoder.ip = BigInt.asUintN(64, origin)
    let offset = 0
    while (decoder.canDecode) {
      decoder.decodeOut(instruction)
      const length = instruction.length
      out.push({
        address: origin + BigInt(offset),
        length,
        bytes: bytes.slice(offset, offset + length),
        text: instruction.isInvalid ? '(bad)' : formatGas(instruction),
      })
      offset += length
    }
  } finally {
    instruction.free()
    decoder.free()
  }
  return out
}

import { StatementError } from './types'

const dataRanges: Record<number, [bigint, bigint]> = {
  1: [-0x80n, 0xffn],
  2: [-0x8000n, 0xffffn],
  4: [-0x80000000n, 0xffffffffn],
  8: [-(1n << 63n), (1n << 64n) - 1n],
}

export function littleEndian(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width)
  let v = BigInt.asUintN(64, value)
  for (let i = 0; i < width; i++) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

/** `.byte/.word/.long/.quad` values, each range-checked against its width (signed or unsigned spelling). */
export function encodeData(width: number, directive: string, values: ReadonlyArray<readonly [bigint, number]>): Uint8Array {
  const out = new Uint8Array(width * values.length)
  values.forEach(([value, column], i) => {
    const [min, max] = dataRanges[width]
    if (value < min || value > max) {
      throw new StatementError(`value 0x${BigInt.asUintN(64, value).toString(16)} does not fit in ${directive} (${width * 8} bits)`, column)
    }
    out.set(littleEndian(value, width), i * width)
  })
  return out
}

import { hex } from '../types/hex'
import type { ListingLine } from './types'

const bytesPerRow = 8

function byteText(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')
}

/** Space-separated hex bytes, 16 per line (what `patchlab asm` prints by default). */
export function formatHexBytes(bytes: Uint8Array): string {
  const rows: string[] = []
  for (let i = 0; i < bytes.length; i += 16) rows.push(byteText(bytes.subarray(i, i + 16)))
  return rows.join('\n')
}

/**
 * A GAS-style listing: address, up to 8 bytes, then the source line; longer output continues on
 * following rows with only address and bytes.
 */
export function formatListing(listing: ListingLine[]): string {
  const rows: string[] = []
  const lineWidth = String(listing.reduce((max, l) => Math.max(max, l.line), 0)).length
  for (const entry of listing) {
    const first = entry.bytes.subarray(0, bytesPerRow)
    const prefix = `${String(entry.line).padStart(lineWidth)} ${hex(entry.address)}`
    rows.push(`${prefix}  ${byteText(first).padEnd(bytesPerRow * 3 - 1)}  ${entry.source}`.trimEnd())
    for (let i = bytesPerRow; i < entry.bytes.length; i += bytesPerRow) {
      const address = entry.address + BigInt(i)
      rows.push(`${' '.repeat(lineWidth)} ${hex(address)}  ${byteText(entry.bytes.subarray(i, i + bytesPerRow))}`)
    }
  }
  return rows.join('\n')
}

import { z } from 'zod'
import { parseHex } from '../types/hex'
import type { AddressRef } from '../types/scenario'

const LABEL_REF = /^([A-Za-z_.$][\w.$]*)\s*(?:([+-])\s*(0x[0-9a-fA-F]+|[0-9]+))?$/

/** Guest values are registers and addresses: 64 bits at most. */
const LIMIT_64 = 1n << 64n

/** The value as a guest number if it spells one (a YAML integer, or a `0x…` / decimal string), never negative. */
function guestNumber(value: unknown): bigint | undefined {
  const parsed = typeof value === 'bigint' ? value : typeof value === 'string' ? parseHex(value) : undefined
  return parsed !== undefined && parsed >= 0n ? parsed : undefined
}

function fitted(value: bigint, ctx: z.RefinementCtx): bigint {
  if (value < LIMIT_64) return value
  const digits = String(value)
  ctx.addIssue({ code: 'custom', message: `value ${digits.length > 30 ? `${digits.slice(0, 20)}… (${digits.length} digits)` : digits} does not fit in 64 bits` })
  return z.NEVER
}

/** A guest value: a YAML integer (parsed as bigint), or a string `0x…` / decimal. Never negative, at most 64 bits. */
export const hexValue = z.any().transform((value, ctx): bigint => {
  const number = guestNumber(value)
  if (number !== undefined) return fitted(number, ctx)
  ctx.addIssue({ code: 'custom', message: `bad value ${JSON.stringify(String(value))}: expected a non-negative number (0x… or decimal)` })
  return z.NEVER
})

/** A small non-negative integer (counts, limits, vectors). */
export function smallInt(max: number) {
  return hexValue.transform((value, ctx): number => {
    if (value > BigInt(max)) {
      ctx.addIssue({ code: 'custom', message: `value ${value} is too large (at most ${max})` })
      return z.NEVER
    }
    return Number(value)
  })
}

/** A guest address: a number, or a label of the guest program with an optional `+N`/`-N` offset. */
export const addressRef = z.any().transform((value, ctx): AddressRef => {
  const number = guestNumber(value)
  if (number !== undefined) return fitted(number, ctx)
  if (typeof value === 'string') {
    const match = LABEL_REF.exec(value.trim())
    if (match) {
      const magnitude = match[3] ? BigInt(match[3]) : 0n
      return { label: match[1], offset: match[2] === '-' ? -magnitude : magnitude }
    }
  }
  ctx.addIssue({ code: 'custom', message: `bad address ${JSON.stringify(String(value))}: expected a number or a label (optionally label+N)` })
  return z.NEVER
})

/** Formats an AddressRef back into the scenario spelling. */
export function addressText(ref: AddressRef): bigint | string {
  if (typeof ref === 'bigint') return ref
  if (ref.offset === 0n) return ref.label
  return ref.offset > 0n ? `${ref.label}+${ref.offset}` : `${ref.label}-${-ref.offset}`
}

import { assemble } from '../asm'
import { findProgram, findRuntimeImage, rememberProgram, rememberRuntimeImage } from './caches'
import { buildGuestImage, DEFAULT_MEMORY_SIZE, GUEST_ORIGIN, GuestImageError, withBytes, type GuestImage } from '../runtime'
import { hex, type Hex } from '../types/hex'
import { InputErrors } from '../types/run'
import type { Scenario } from '../types/scenario'

/** The scenario's guest: the program assembled at GUEST_ORIGIN inside the runtime image it runs in. */
export interface GuestProgram {
  /** Runtime tables and handlers with the program at GUEST_ORIGIN; runs map it copy-on-write. */
  image: GuestImage
  /** The program's labels (absolute addresses). */
  symbols: Record<string, bigint>
  /** The same labels as traces show them; every run of the program shares this record (never mutated). */
  symbolsHex: Record<string, Hex>
}

/** Assembles (or takes the binary of) the scenario's guest and finds its runtime image (both shared: see ./caches). */
export function guestProgram(scenario: Scenario): GuestProgram {
  const cached = findProgram(scenario)
  if (cached) return cached
  const file = scenario.file ?? '<scenario>'
  let program: Uint8Array
  let symbols: Record<string, bigint> = {}
  if (scenario.guest.asm !== undefined) {
    const result = assemble(scenario.guest.asm, { fileName: file, origin: BigInt(GUEST_ORIGIN), lineOffset: (scenario.guest.asm_line ?? 1) - 1 })
    if (!result.ok) throw new InputErrors(result.errors.map((e) => ({ ...e, key: 'guest.asm' })))
    program = result.bytes
    symbols = result.symbols
  } else {
    program = scenario.guest.binary ?? new Uint8Array()
  }
  if (GUEST_ORIGIN + program.length > DEFAULT_MEMORY_SIZE) {
    throw new InputErrors([{ file, line: scenario.guest.asm_line ?? 1, column: 1, key: 'guest', message: `the program (${program.length} bytes) does not fit in guest memory` }])
  }
  const built = {
    image: withBytes(runtimeImage(scenario, symbols, file), GUEST_ORIGIN, program),
    symbols,
    symbolsHex: Object.fromEntries(Object.entries(symbols).map(([k, v]) => [k, hex(v)])),
  }
  rememberProgram(scenario, built)
  return built
}

function runtimeImage(scenario: Scenario, symbols: Record<string, bigint>, file: string): GuestImage {
  const labelHandlers = Object.values(scenario.handlers).some((h) => h?.kind === 'label')
  // Only label handlers carry addresses (bigints); the common key needs no replacer.
  const key = labelHandlers
    ? JSON.stringify({ cpl: scenario.guest.cpl, handlers: scenario.handlers, symbols }, (_k, v) => (typeof v === 'bigint' ? hex(v) : v))
    : JSON.stringify({ cpl: scenario.guest.cpl, handlers: scenario.handlers, symbols: {} })
  const cached = findRuntimeImage(key)
  if (cached) return cached
  try {
    const image = buildGuestImage({ program: new Uint8Array(), origin: BigInt(GUEST_ORIGIN), symbols, cpl: scenario.guest.cpl, handlers: scenario.handlers })
    rememberRuntimeImage(key, image)
    return image
  } catch (e) {
    if (e instanceof GuestImageError) throw new InputErrors([{ file, line: 1, column: 1, key: 'handlers', message: e.message }])
    throw e
  }
}

import { assemble } from '../asm'
import { buildGuestImage, GUEST_ORIGIN, GuestImageError, type GuestImage } from '../runtime'
import { InputErrors } from '../types/run'
import type { Scenario } from '../types/scenario'

/** The scenario's guest, assembled at GUEST_ORIGIN, inside the runtime image. */
export interface GuestProgram {
  image: GuestImage
  /** The program's labels (absolute addresses). */
  symbols: Record<string, bigint>
}

// Building an image assembles the program and the runtime and lays out 4 MiB; runs of the same
// scenario object (two builds, two modes, benchmarks) share it.
const cache = new WeakMap<Scenario, GuestProgram>()

/** Assembles (or takes the binary of) the scenario's guest and builds its runtime image. */
export function guestProgram(scenario: Scenario): GuestProgram {
  const cached = cache.get(scenario)
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
  try {
    const image = buildGuestImage({ program, origin: BigInt(GUEST_ORIGIN), symbols, cpl: scenario.guest.cpl, handlers: scenario.handlers })
    const built = { image, symbols }
    cache.set(scenario, built)
    return built
  } catch (e) {
    if (e instanceof GuestImageError) throw new InputErrors([{ file, line: 1, column: 1, key: 'handlers', message: e.message }])
    throw e
  }
}

/**
 * The guest image: runtime tables and handlers plus the scenario's program, ready to load into a
 * CPU. CPL0 programs start at their first byte; CPL3 programs start in the runtime's
 * `rt_enter_user`, which IRETQs to the program (RSP = USER_STACK_TOP, CS/SS = user selectors).
 */
import { assemble } from '../asm'
import type { Machine } from '../cpu/machine'
import { Cpu } from '../cpu/cpu'
import type { MemoryImage } from '../cpu/memory-image'
import type { HandlerSpec, VectorName } from '../types/scenario'
import {
  DEFAULT_MEMORY_SIZE,
  KERNEL_STACK_TOP,
  LOG_BASE,
  RUNTIME_CODE_BASE,
  RUNTIME_CODE_END,
  USER_CS,
  USER_DS,
  USER_STACK_TOP,
  enterLongMode,
  writeDescriptorTables,
} from './layout'
import { type RecorderOptions, defaultRecorder, runtimeSource, stubLabel } from './recorder'
import { VECTOR_NUMBERS } from './vectors'

export interface GuestImageOptions {
  /** The assembled (or binary) program. */
  program: Uint8Array
  /** Address of the program's first byte (GUEST_ORIGIN unless the scenario says otherwise). */
  origin: bigint
  /** The program's symbols (labels → addresses), for handlers given as labels. */
  symbols: Record<string, bigint>
  cpl: 0 | 3
  /** Per-vector handler choices; vectors not named get the default recorder. */
  handlers: Partial<Record<VectorName, HandlerSpec>>
  memorySize?: number
}

export interface GuestImage {
  /** The whole guest memory (memorySize bytes), mapped copy-on-write by the CPUs that load it. */
  memory: MemoryImage
  memorySize: number
  /** RIP to start at: the program (CPL0) or `rt_enter_user` (CPL3). */
  entryRip: bigint
  /** The program's first instruction. */
  programStart: bigint
  /** Runtime symbols (handler stubs and bodies, rt_enter_user), for traces and tests. */
  runtimeSymbols: Record<string, bigint>
  /** IDT target of every vector. */
  handlerAddresses: bigint[]
}

/** Raised when the image cannot be built (overlapping program, unknown handler label). */
export class GuestImageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GuestImageError'
  }
}

export function buildGuestImage(options: GuestImageOptions): GuestImage {
  const memorySize = options.memorySize ?? DEFAULT_MEMORY_SIZE
  if (memorySize < DEFAULT_MEMORY_SIZE) {
    throw new GuestImageError(`guest memory must be at least 0x${DEFAULT_MEMORY_SIZE.toString(16)} bytes: the runtime's stacks end at 0x${KERNEL_STACK_TOP.toString(16)}`)
  }
  const origin = Number(options.origin)
  if (origin < RUNTIME_CODE_END || origin + options.program.length > memorySize) {
    throw new GuestImageError(`program at 0x${options.origin.toString(16)} (${options.program.length} bytes) must lie between 0x${RUNTIME_CODE_END.toString(16)} and the end of guest memory (0x${memorySize.toString(16)})`)
  }
  const recorders = new Map<number, RecorderOptions>()
  const labelTargets = new Map<number, bigint>()
  for (let v = 0; v < 256; v++) recorders.set(v, defaultRecorder(v))
  for (const [name, spec] of Object.entries(options.handlers) as Array<[VectorName, HandlerSpec]>) {
    const vector = VECTOR_NUMBERS[name]
    if (spec.kind === 'label') {
      const target = options.symbols[spec.label]
      if (target === undefined) throw new GuestImageError(`handlers.${name}: label '${spec.label}' is not defined in the guest program`)
      labelTargets.set(vector, target)
      recorders.delete(vector)
    } else {
      recorders.set(vector, { clear_dr6: spec.clear_dr6, set_rf: spec.set_rf })
    }
  }
  const userEntry = options.cpl === 3 ? { rip: options.origin, cs: USER_CS, ss: USER_DS, rsp: USER_STACK_TOP } : undefined
  const source = runtimeSource(recorders, userEntry)
  const assembled = assemble(source, { origin: BigInt(RUNTIME_CODE_BASE), fileName: '<runtime>' })
  if (!assembled.ok) throw new Error(`runtime handlers failed to assemble: ${assembled.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`)
  if (RUNTIME_CODE_BASE + assembled.bytes.length > RUNTIME_CODE_END) throw new Error('runtime handlers overflow the runtime code region')

  // Build into a scratch machine so the descriptor tables come from the same writer the CPU tests use.
  const scratch = new Cpu({ vendor: 'intel', memorySize })
  const handlerAddresses = Array.from({ length: 256 }, (_, v) => labelTargets.get(v) ?? (assembled.symbols[stubLabel(v)] as bigint))
  writeDescriptorTables(scratch, (v) => Number(handlerAddresses[v]))
  scratch.writeBytes(RUNTIME_CODE_BASE, assembled.bytes)
  scratch.writeBytes(origin, options.program)
  scratch.poke(LOG_BASE, 8, 0, 0)
  const entryRip = userEntry ? (assembled.symbols.rt_enter_user as bigint) : options.origin
  // Memory as the boot leaves it (the TSS marked busy), so loading the image writes nothing new to it.
  enterLongMode(scratch, Number(entryRip))
  return {
    memory: scratch.snapshot(),
    memorySize,
    entryRip,
    programStart: options.origin,
    runtimeSymbols: assembled.symbols,
    handlerAddresses,
  }
}

/** The image with `bytes` written at `address` (a program over a shared runtime image); unchanged pages stay shared. */
export function withBytes(image: GuestImage, address: number, bytes: Uint8Array): GuestImage {
  return { ...image, memory: image.memory.withBytes(address, bytes) }
}

/** Loads an image into a CPU of the same memory size and puts it in long mode at the entry RIP. */
export function loadGuestImage(cpu: Machine, image: GuestImage): void {
  cpu.mapImage(image.memory)
  enterLongMode(cpu, Number(image.entryRip))
}

const RUNTIME_START = BigInt(RUNTIME_CODE_BASE)
const RUNTIME_END = BigInt(RUNTIME_CODE_END)

/** Whether an address is runtime code (handlers, rt_enter_user), which traces may hide. */
export function isRuntimeAddress(rip: bigint): boolean {
  return rip >= RUNTIME_START && rip < RUNTIME_END
}

import { z } from 'zod'
import { addressRef, hexValue, smallInt } from './values'

export const GPR_NAMES = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const
export const VECTOR_NAMES = ['DE', 'DB', 'NMI', 'BP', 'OF', 'BR', 'UD', 'NM', 'DF', 'TS', 'NP', 'SS', 'GP', 'PF', 'AC'] as const
export const GUESTDBG_NAMES = ['ENABLE', 'SINGLESTEP', 'USE_SW_BP', 'USE_HW_BP', 'INJECT_DB', 'INJECT_BP', 'BLOCKIRQ'] as const
export const EXIT_REASONS = ['DEBUG', 'HLT', 'IO', 'INTR', 'FAIL_ENTRY', 'SHUTDOWN', 'INTERNAL_ERROR'] as const
export const OUTCOMES = ['halted', 'shutdown', 'fail-entry', 'limit', 'stopped', 'internal-error'] as const

const gprs = z.strictObject(Object.fromEntries(GPR_NAMES.map((n) => [n, addressRef.optional()])) as Record<(typeof GPR_NAMES)[number], z.ZodOptional<typeof addressRef>>)

const debugRegs = z.strictObject({
  dr0: addressRef.optional(), dr1: addressRef.optional(), dr2: addressRef.optional(), dr3: addressRef.optional(),
  dr6: hexValue.optional(), dr7: hexValue.optional(),
})

const guestDebugRegs = z.strictObject({
  dr0: addressRef.optional(), dr1: addressRef.optional(), dr2: addressRef.optional(), dr3: addressRef.optional(),
  dr7: hexValue.optional(),
})

const guestDebug = z.strictObject({
  control: z.array(z.enum(GUESTDBG_NAMES)),
  debugreg: guestDebugRegs.optional(),
})

const setRegs = z.strictObject({
  ...Object.fromEntries(GPR_NAMES.map((n) => [n, addressRef.optional()])),
  rflags: addressRef.optional(),
  rip: z.union([z.literal('next'), addressRef]).optional(),
})

const vmmAction = z.union([
  z.enum(['get_vcpu_events', 'get_debugregs', 'get_regs', 'resume', 'stop']),
  z.strictObject({ set_debugregs: debugRegs }),
  z.strictObject({ set_guest_debug: guestDebug }),
  z.strictObject({ set_regs: setRegs }),
  z.strictObject({ inject_irq: smallInt(255) }),
])

const vmmTrigger = z.union([
  z.strictObject({ exit: z.enum(EXIT_REASONS), nth: smallInt(1_000_000).optional() }),
  z.strictObject({ after_emulation: smallInt(1_000_000) }),
])

const handler = z.union([
  z.strictObject({ clear_dr6: z.boolean().optional(), set_rf: z.enum(['code-bp', 'always', 'never']).optional() }),
  z.string(),
])

const vectorValue = z.union([z.enum(VECTOR_NAMES), addressRef])

const expectation = z.strictObject({
  outcome: z.enum(OUTCOMES).optional(),
  guest_exceptions: z.array(z.strictObject({
    vector: vectorValue.optional(), rip: addressRef.optional(), dr6: addressRef.optional(), error_code: addressRef.optional(),
  })).optional(),
  exits: z.array(z.strictObject({
    reason: z.enum(EXIT_REASONS).optional(), exception: smallInt(255).optional(), pc: addressRef.optional(),
    dr6: hexValue.optional(), dr7: hexValue.optional(), hardware_entry_failure_reason: hexValue.optional(),
  })).optional(),
  vmexits: z.array(z.strictObject({
    reason: hexValue.optional(), intr_info: hexValue.optional(), exit_qualification: hexValue.optional(), dr6: hexValue.optional(),
  })).optional(),
  vmm: z.array(z.strictObject({
    action: z.string(),
    result: z.record(z.string(), z.union([z.boolean(), hexValue])),
  })).optional(),
  final: z.strictObject({
    ...Object.fromEntries(GPR_NAMES.map((n) => [n, addressRef.optional()])),
    rip: addressRef.optional(), rflags: addressRef.optional(),
    dr0: addressRef.optional(), dr1: addressRef.optional(), dr2: addressRef.optional(), dr3: addressRef.optional(),
    dr6: addressRef.optional(), dr7: addressRef.optional(),
  }).optional(),
})

/** The `patchlab.scenario/1` document, keys exactly as issue 3 §3 lists them (plus vcpu.cpuid, kvm.fep_clear_rflags_rf). */
export const scenarioSchema = z.strictObject({
  schema: z.literal('patchlab.scenario/1'),
  name: z.string().min(1),
  description: z.string().optional(),
  vendor: z.enum(['intel', 'amd']).optional(),
  guest: z.strictObject({
    asm: z.string().optional(),
    binary: z.string().optional(),
    cpl: z.union([z.literal(0n), z.literal(3n)]).optional(),
  }),
  vcpu: z.strictObject({
    regs: gprs.optional(),
    rflags: hexValue.optional(),
    dr: debugRegs.optional(),
    cr4: z.strictObject({ de: z.boolean().optional() }).optional(),
    cpuid: z.strictObject({ rtm: z.boolean().optional(), bus_lock_detect: z.boolean().optional() }).optional(),
  }).optional(),
  kvm: z.strictObject({
    force_emulation_prefix: z.boolean().optional(),
    fep_clear_rflags_rf: z.boolean().optional(),
    exception_payload: z.boolean().optional(),
    guest_debug: guestDebug.optional(),
    nested: z.strictObject({ l1_intercepts: z.array(z.enum(VECTOR_NAMES)) }).optional(),
  }).optional(),
  vmm: z.array(z.strictObject({ on: vmmTrigger, do: z.array(vmmAction) })).optional(),
  handlers: z.partialRecord(z.enum(VECTOR_NAMES), handler).optional(),
  limits: z.strictObject({ instructions: smallInt(100_000_000).optional(), exits: smallInt(1_000_000).optional() }).optional(),
  expect: z.record(z.string(), expectation).optional(),
})

export type RawScenario = z.output<typeof scenarioSchema>

import { resolveBuild } from '../builds/registry'
import { Cpu } from '../cpu/cpu'
import { VECTOR_NUMBERS } from '../kvm/constants'
import { vcpu_run, type InstructionBudget } from '../kvm/kvm-run'
import { guestLevel, KVM_DEBUGREG_WONT_EXIT, type KvmVcpu } from '../kvm/vcpu'
import { DiscardedEvents, EventLog, type TraceSink } from '../kvm/trace-sink'
import { kvm_vcpu_create } from '../kvm/vcpu-create'
import { kvmX86Ops } from '../kvm/kvm-x86-ops'
import { kvm_arch_vcpu_ioctl_set_guest_debug, kvm_vcpu_ioctl_x86_set_debugregs } from '../kvm/x86-ioctls'
import { loadGuestImage, readGuestLog } from '../runtime'
import { hex } from '../types/hex'
import type { RunOptions } from '../types/run'
import type { GprName, Scenario, VmmRule } from '../types/scenario'
import type { ExitEvent, ExitRecord, Outcome, Trace, VmExitRecord, VmmRecord } from '../types/trace'
import { sharedBuild } from './caches'
import { guestProgram } from './guest-program'
import { resolveAddress } from './resolve-address'
import { cpuTraceHook } from './trace-hook'
import { actionName, guestDebugControl, performVmmAction } from './vmm-actions'

const GPR_INDEX: Record<GprName, number> = {
  rax: 0, rcx: 1, rdx: 2, rbx: 3, rsp: 4, rbp: 5, rsi: 6, rdi: 7, r8: 8, r9: 9, r10: 10, r11: 11, r12: 12, r13: 13, r14: 14, r15: 15,
}
const CR4_DE = 0x8n


/** The exit reasons a KVM_RUN return resumes after when no VMM rule says otherwise. */
const RESUMES_BY_DEFAULT = new Set(['DEBUG', 'IO', 'INTR'])

/**
 * Runs one scenario on one build and mode: the guest under the KVM model as userspace would drive
 * it (KVM_SET_DEBUGREGS/KVM_SET_GUEST_DEBUG, then KVM_RUN until a stop), synchronous and pure.
 */
export function runScenario(scenario: Scenario, options: RunOptions): Trace {
  // Resolving a build composes its function table from the patch stack: runs share the result.
  const { id, stack, functions } = sharedBuild(options.build, resolveBuild)
  const vendor = options.vendor ?? scenario.vendor
  const { image, symbols, symbolsHex } = guestProgram(scenario)

  const cpu = new Cpu({ vendor, memorySize: image.memorySize, features: { rtm: scenario.vcpu.cpuid.rtm, busLockDetect: scenario.vcpu.cpuid.bus_lock_detect } })
  loadGuestImage(cpu, image)
  const log = options.events === 'none' ? new DiscardedEvents() : new EventLog()
  const nested = scenario.kvm.nested
  const vcpu = kvm_vcpu_create({
    cpu, functions, trace: log, vendor, mode: options.mode,
    exceptionPayload: scenario.kvm.exception_payload,
    forceEmulationPrefix: scenario.kvm.force_emulation_prefix ? (scenario.kvm.fep_clear_rflags_rf ? 3 : 1) : 0,
    cpuid: scenario.vcpu.cpuid,
    ...(nested ? { l1InterceptedVectors: nested.l1_intercepts.map((v) => VECTOR_NUMBERS[v]) } : {}),
  })
  // Without an event list the CPU's events have nowhere to go: no hook, so the CPU builds none.
  if (log instanceof EventLog) cpu.onEvent = cpuTraceHook(log, guestLevel(vcpu))

  // Userspace setup: registers, CR4, then KVM_SET_DEBUGREGS and KVM_SET_GUEST_DEBUG.
  for (const [name, ref] of Object.entries(scenario.vcpu.regs)) if (ref !== undefined) cpu.setReg(GPR_INDEX[name as GprName], resolveAddress(ref, symbols, scenario, `vcpu.regs.${name}`))
  cpu.setRflags(scenario.vcpu.rflags)
  if (scenario.vcpu.cr4.de) cpu.setCr(4, cpu.getCr(4) | CR4_DE)
  const dr = scenario.vcpu.dr
  kvm_vcpu_ioctl_x86_set_debugregs(vcpu, {
    db: [dr.dr0, dr.dr1, dr.dr2, dr.dr3].map((r, i) => (r === undefined ? 0n : resolveAddress(r, symbols, scenario, `vcpu.dr.dr${i}`))),
    dr6: dr.dr6 ?? 0xffff0ff0n,
    dr7: dr.dr7 ?? 0x400n,
  })
  const gdb = scenario.kvm.guest_debug
  if (gdb) {
    const regs = [gdb.debugreg.dr0, gdb.debugreg.dr1, gdb.debugreg.dr2, gdb.debugreg.dr3].map((r, i) => (r === undefined ? 0n : resolveAddress(r, symbols, scenario, `kvm.guest_debug.debugreg.dr${i}`)))
    const rc = kvm_arch_vcpu_ioctl_set_guest_debug(vcpu, { control: guestDebugControl(gdb.control), debugreg: [...regs, 0n, 0n, 0n, gdb.debugreg.dr7 ?? 0n] })
    if (rc) log.emit({ kind: 'vmm', action: 'set_guest_debug', result: { error: rc } })
  }

  const session = new RunSession(vcpu, scenario, symbols, log)
  const ending = session.run()
  if (vcpu.switch_db_regs & KVM_DEBUGREG_WONT_EXIT) kvmX86Ops(vcpu).sync_dirty_debug_regs(vcpu)
  return {
    schema: 'patchlab.trace/1',
    scenario: scenario.name,
    build: id,
    stack: [...stack],
    mode: options.mode,
    vendor,
    outcome: ending.outcome,
    ...(ending.detail ? { outcome_detail: ending.detail } : {}),
    events: log.events,
    guest_exceptions: readGuestLog(cpu),
    exits: session.exits,
    vmexits: session.vmexits,
    vmm: session.vmm,
    final: {
      rip: hex(cpu.getRip()), rflags: hex(cpu.getRflags()),
      dr0: hex(vcpu.db[0]), dr1: hex(vcpu.db[1]), dr2: hex(vcpu.db[2]), dr3: hex(vcpu.db[3]),
      dr6: hex(vcpu.dr6), dr7: hex(vcpu.dr7),
    },
    symbols: symbolsHex,
  }
}

/** Whether a VMM rule fires on this exit (the nth of its reason; INTR exits carry the after_emulation signal that caused them). */
function triggers(rule: VmmRule, reason: string, nth: number, signal: number | undefined): boolean {
  return 'exit' in rule.on ? rule.on.exit === reason && (rule.on.nth === undefined || rule.on.nth === nth) : rule.on.after_emulation === signal
}

/** Userspace's KVM_RUN loop with the scenario's VMM rules. */
class RunSession {
  readonly exits: ExitRecord[] = []
  readonly vmexits: VmExitRecord[] = []
  readonly vmm: VmmRecord[] = []
  private readonly exitCounts = new Map<string, number>()
  private readonly budget: InstructionBudget
  private readonly signals: number[]

  constructor(
    private readonly vcpu: KvmVcpu,
    private readonly scenario: Scenario,
    private readonly symbols: Record<string, bigint>,
    private readonly log: TraceSink,
  ) {
    this.budget = { left: scenario.limits.instructions }
    this.signals = scenario.vmm.flatMap((r) => ('after_emulation' in r.on ? [r.on.after_emulation] : [])).sort((a, b) => a - b)
  }

  run(): { outcome: Outcome; detail?: string } {
    for (;;) {
      const stop = vcpu_run(this.vcpu, this.budget, this.signalPending)
      if (stop.kind === 'limit') return { outcome: 'limit', detail: `instruction budget (${this.scenario.limits.instructions}) reached` }
      if (stop.kind === 'nested-vmexit') {
        const { by, rip, ...record } = stop.exit
        this.log.emit({ kind: 'vmexit', ...stop.exit })
        this.vmexits.push(record)
        return { outcome: 'stopped', detail: `nested VM-exit to L1 (reason ${record.reason}${record.exit_qualification ? `, exit qualification ${record.exit_qualification}` : ''}) at ${rip} by ${by}; the built-in L1 stops` }
      }
      const reason = this.vcpu.run.exit_reason ?? 'INTERNAL_ERROR'
      this.recordExit(reason)
      if (this.exits.length > this.scenario.limits.exits) return { outcome: 'limit', detail: `exit budget (${this.scenario.limits.exits}) reached` }
      if (reason === 'FAIL_ENTRY') return { outcome: 'fail-entry', detail: `VM entry failed (hardware_entry_failure_reason ${hex(this.vcpu.run.hardware_entry_failure_reason ?? 0n)})` }
      if (reason === 'SHUTDOWN') return { outcome: 'shutdown', detail: `triple fault (${this.vcpu.run.by})` }
      if (reason === 'INTERNAL_ERROR') return { outcome: 'internal-error', detail: `KVM_EXIT_INTERNAL_ERROR from ${this.vcpu.run.by}` }
      const flow = this.runRules(reason)
      if (flow === 'stop') return { outcome: 'stopped', detail: `VMM stop after ${reason} exit` }
      if (flow === 'default' && !RESUMES_BY_DEFAULT.has(reason)) return { outcome: 'halted', detail: `${reason} exit` }
    }
  }

  // A property, not a method: KVM_RUN calls it, and one function per session spares a closure per call.
  private readonly signalPending = (): boolean => {
    const next = this.signals[0]
    if (next === undefined || this.vcpu.emulations < next) return false
    this.signals.shift()
    this.firedSignal = next
    return true
  }

  private firedSignal: number | undefined

  private recordExit(reason: NonNullable<KvmVcpu['run']['exit_reason']>): void {
    const run = this.vcpu.run
    const record: ExitRecord =
      reason === 'DEBUG' ? { reason, exception: run.debug.exception, pc: hex(run.debug.pc), dr6: hex(run.debug.dr6), dr7: hex(run.debug.dr7) }
      : reason === 'FAIL_ENTRY' ? { reason, hardware_entry_failure_reason: hex(run.hardware_entry_failure_reason ?? 0n) }
      : { reason }
    if (this.log.recording) {
      const event: Omit<ExitEvent, 'seq'> = { kind: 'exit', ...record, by: run.by }
      if (reason === 'IO' && run.io) Object.assign(event, { port: hex(run.io.port), direction: run.io.direction })
      this.log.emit(event)
    }
    this.exits.push(record)
    this.exitCounts.set(reason, (this.exitCounts.get(reason) ?? 0) + 1)
  }

  /** Runs the actions of every rule this exit triggers; 'default' when none said resume or stop. */
  private runRules(reason: string): 'resume' | 'stop' | 'default' {
    const nth = this.exitCounts.get(reason) ?? 0
    const signal = reason === 'INTR' ? this.firedSignal : undefined
    for (const rule of this.scenario.vmm) {
      if (!triggers(rule, reason, nth, signal)) continue
      for (const action of rule.do) {
        const { result, flow } = performVmmAction({ vcpu: this.vcpu, scenario: this.scenario, symbols: this.symbols }, action)
        const name = actionName(action)
        if (this.log.recording) this.log.emit({ kind: 'vmm', action: name, ...(result ? { result } : {}) })
        if (result && name.startsWith('get_')) this.vmm.push({ action: name, result })
        if (flow !== 'continue') return flow
      }
    }
    return 'default'
  }
}

/**
 * Hand-made traces of reference rows (docs/reference/kvm-db-semantics.md §4), written from the reference text, not
 * from running the model. Guest code sits at 0x1000: the 5-byte FEP prefix, then X = 0x1005.
 */
import type { FinalState, RunIdentity, Trace } from '../../types'

const PRE: RunIdentity = { build: 'pre', stack: [], mode: 'fep', vendor: 'intel' }
const POST: RunIdentity = {
  build: 'post',
  stack: ['v3-01', 'v3-02', 'v3-03', 'v3-04', 'v3-05', 'v3-06', 'v3-07'],
  mode: 'fep',
  vendor: 'intel',
}

const RESET_FINAL: FinalState = {
  rip: '0x1009',
  rflags: '0x2',
  dr0: '0x0',
  dr1: '0x0',
  dr2: '0x0',
  dr3: '0x0',
  dr6: '0xffff0ff0',
  dr7: '0x400',
}

function trace(side: RunIdentity, rest: Partial<Trace> & Pick<Trace, 'events'>): Trace {
  return {
    schema: 'patchlab.trace/1',
    ...side,
    scenario: 'fixture',
    outcome: 'halted',
    guest_exceptions: [],
    exits: [],
    vmexits: [],
    vmm: [],
    final: RESET_FINAL,
    symbols: { bd: '0x1005' },
    ...rest,
  }
}

/** S3 as the scenario text a reviewer would paste (the issue's own example). */
export const S3_SOURCE = `schema: patchlab.scenario/1
name: GD on an emulated MOV from DR0 under host USE_HW_BP
vendor: intel
guest:
  asm: |
    KVM_FEP
    bd: mov %dr0, %rax
    hlt
kvm:
  force_emulation_prefix: true
  guest_debug: { control: [ENABLE, USE_HW_BP], debugreg: { dr7: 0x2400 } }
vmm:
  - on: { exit: DEBUG, nth: 1 }
    do: [get_debugregs, { set_guest_debug: { control: [] } }, resume]
expect:
  pre:  { exits: [{ reason: HLT }] }
  post: { exits: [{ reason: DEBUG, exception: 1, pc: bd, dr6: 0xffff2ff0 }, { reason: HLT }] }
`

/** S3 on PRE: no #DB, no exit; the MOV runs and RIP moves on. */
export const s3Pre = trace(PRE, {
  scenario: 'S3',
  events: [
    { kind: 'vmm', seq: 0, action: 'set_guest_debug' },
    { kind: 'insn', seq: 1, rip: '0x1005', text: 'mov %dr0,%rax', path: 'emulated', level: 'L1' },
    { kind: 'insn', seq: 2, rip: '0x1008', text: 'hlt', path: 'native', level: 'L1' },
    { kind: 'exit', seq: 3, reason: 'HLT', by: 'kvm_emulate_halt' },
  ],
  exits: [{ reason: 'HLT' }],
})

/** S3 on POST: KVM_EXIT_DEBUG exc 1 at X with dr6 0xffff2ff0; guest DR6/DR7 unchanged. */
export const s3Post = trace(POST, {
  scenario: 'S3',
  events: [
    { kind: 'vmm', seq: 0, action: 'set_guest_debug' },
    { kind: 'exit', seq: 1, reason: 'DEBUG', exception: 1, pc: '0x1005', dr6: '0xffff2ff0', by: 'kvm_inject_emulated_db' },
    { kind: 'vmm', seq: 2, action: 'get_debugregs', result: { dr6: '0xffff0ff0', dr7: '0x400' } },
    { kind: 'vmm', seq: 3, action: 'set_guest_debug' },
    { kind: 'insn', seq: 4, rip: '0x1005', text: 'mov %dr0,%rax', path: 'emulated', level: 'L1' },
    { kind: 'insn', seq: 5, rip: '0x1008', text: 'hlt', path: 'native', level: 'L1' },
    { kind: 'exit', seq: 6, reason: 'HLT', by: 'kvm_emulate_halt' },
  ],
  exits: [{ reason: 'DEBUG', exception: 1, pc: '0x1005', dr6: '0xffff2ff0' }, { reason: 'HLT' }],
  vmm: [{ action: 'get_debugregs', result: { dr6: '0xffff0ff0', dr7: '0x400' } }],
})

const S1_GUEST_DB = [{ vector: 1, rip: '0x1005', dr6: '0xffff2ff0', error_code: '0x0' }] as Trace['guest_exceptions']
const S1_TAIL: Trace['events'] = [
  { kind: 'insn', seq: 2, rip: '0x1005', text: 'mov %dr0,%rax', path: 'native', level: 'L1' },
  { kind: 'insn', seq: 3, rip: '0x1008', text: 'hlt', path: 'native', level: 'L1' },
  { kind: 'exit', seq: 4, reason: 'HLT', by: 'kvm_emulate_halt' },
]

/** S1 on PRE: DR6 is written when the emulator queues the GD #DB (no payload). */
export const s1Pre = trace(PRE, {
  scenario: 'S1',
  events: [
    { kind: 'exception', seq: 0, action: 'queued', vector: 1, has_payload: false, dr6_before: '0xffff0ff0', dr6_after: '0xffff2ff0', rip: '0x1005', level: 'L1', by: 'kvm_queue_exception' },
    { kind: 'exception', seq: 1, action: 'injected', vector: 1, has_payload: false, dr6_before: '0xffff2ff0', dr6_after: '0xffff2ff0', rip: '0x1005', level: 'L1', by: 'kvm_inject_exception' },
    ...S1_TAIL,
  ],
  guest_exceptions: S1_GUEST_DB,
  exits: [{ reason: 'HLT' }],
  final: { ...RESET_FINAL, dr6: '0xffff2ff0' },
})

/** S1 on POST: the #DB carries payload 0x2000; DR6 is written at injection. Same guest-visible result. */
export const s1Post = trace(POST, {
  scenario: 'S1',
  events: [
    { kind: 'exception', seq: 0, action: 'queued', vector: 1, has_payload: true, payload: '0x2000', dr6_before: '0xffff0ff0', dr6_after: '0xffff0ff0', rip: '0x1005', level: 'L1', by: 'kvm_inject_emulated_db' },
    { kind: 'exception', seq: 1, action: 'injected', vector: 1, has_payload: true, payload: '0x2000', dr6_before: '0xffff0ff0', dr6_after: '0xffff2ff0', rip: '0x1005', level: 'L1', by: 'kvm_deliver_exception_payload' },
    ...S1_TAIL,
  ],
  guest_exceptions: S1_GUEST_DB,
  exits: [{ reason: 'HLT' }],
  final: { ...RESET_FINAL, dr6: '0xffff2ff0' },
})

/** S3n (native MOV DR exit, handle_dr) is the same on both builds. */
function s3n(side: RunIdentity): Trace {
  return trace({ ...side, mode: 'native' }, {
    scenario: 'S3n',
    events: [
      { kind: 'vmm', seq: 0, action: 'set_guest_debug' },
      { kind: 'exit', seq: 1, reason: 'DEBUG', exception: 1, pc: '0x1005', dr6: '0xffff2ff0', dr7: '0x2400', by: 'handle_dr' },
      { kind: 'note', seq: 2, text: `scenario stopped on ${side.build}` },
    ],
    exits: [{ reason: 'DEBUG', exception: 1, pc: '0x1005', dr6: '0xffff2ff0', dr7: '0x2400' }],
    outcome: 'stopped',
    final: { ...RESET_FINAL, rip: '0x1005' },
  })
}
export const s3nPre = s3n(PRE)
export const s3nPost = s3n(POST)

/**
 * S12 (VMX): the emulated STI with TF=1 queues a single-step #DB. PRE leaves PENDING_DBG.BS clear, so
 * VM-entry fails (0x80000021); POST refreshes BS and the guest gets #DB at Y = 0x1006, DR6 0xffff4ff0.
 */
export const s12Pre = trace(PRE, {
  scenario: 'S12',
  events: [
    { kind: 'insn', seq: 0, rip: '0x1005', text: 'sti', path: 'emulated', level: 'L1' },
    { kind: 'exception', seq: 1, action: 'queued', vector: 1, has_payload: true, payload: '0x4000', dr6_before: '0xffff0ff0', dr6_after: '0xffff0ff0', rip: '0x1006', level: 'L1', by: 'kvm_vcpu_do_singlestep' },
    { kind: 'exit', seq: 2, reason: 'FAIL_ENTRY', hardware_entry_failure_reason: '0x80000021', by: 'vmx_handle_exit' },
    { kind: 'note', seq: 3, text: 'VM-entry failed: STI blocking with TF=1 and PENDING_DBG_EXCEPTIONS.BS clear' },
  ],
  exits: [{ reason: 'FAIL_ENTRY', hardware_entry_failure_reason: '0x80000021' }],
  outcome: 'fail-entry',
  outcome_detail: 'VM-entry failed (invalid guest state)',
  final: { ...RESET_FINAL, rip: '0x1006', rflags: '0x302' },
})

export const s12Post = trace(POST, {
  scenario: 'S12',
  events: [
    { kind: 'insn', seq: 0, rip: '0x1005', text: 'sti', path: 'emulated', level: 'L1' },
    { kind: 'exception', seq: 1, action: 'queued', vector: 1, has_payload: true, payload: '0x4000', dr6_before: '0xffff0ff0', dr6_after: '0xffff0ff0', rip: '0x1006', level: 'L1', by: 'kvm_inject_emulated_db' },
    { kind: 'exception', seq: 2, action: 'injected', vector: 1, has_payload: true, payload: '0x4000', dr6_before: '0xffff0ff0', dr6_after: '0xffff4ff0', rip: '0x1006', level: 'L1', by: 'kvm_deliver_exception_payload' },
    { kind: 'insn', seq: 3, rip: '0x1006', text: 'hlt', path: 'native', level: 'L1' },
    { kind: 'exit', seq: 4, reason: 'HLT', by: 'kvm_emulate_halt' },
  ],
  guest_exceptions: [{ vector: 1, rip: '0x1006', dr6: '0xffff4ff0', error_code: '0x0' }],
  exits: [{ reason: 'HLT' }],
  final: { ...RESET_FINAL, rip: '0x1007', rflags: '0x202', dr6: '0xffff4ff0' },
})

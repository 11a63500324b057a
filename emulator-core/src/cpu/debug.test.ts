/**
 * Bare-metal debug semantics. Programs are GNU as output (linked at 0x100000, source in the
 * comment); expected DR6/RIP values come from the SDM rules named in each test and from
 * kvm-unit-tests x86/debug.c (kvm-x86/kvm-unit-tests @ 2f605826aac2), run_tests(DR6_ACTIVE_LOW):
 * dr6_base_value = 0xffff0ff0.
 */
import { describe, expect, it } from 'vitest'
import { bareCpu, deliveries, handlerAddress, runUntilStop } from './test-support'

const BASE = 0xffff0ff0n

/** The #DB deliveries as [rip, dr6 as the handler reads it]. */
function dbs(events: ReturnType<typeof bareCpu>['events']): Array<[bigint, bigint]> {
  return deliveries(events)
    .filter((e) => e.vector === 1 && e.action === 'delivered')
    .map((e) => [e.rip, e.dr6After])
}

describe('DR4/DR5 and DR6/DR7 registers', () => {
  it('SDM 18.2.2: DR4 aliases DR6 when CR4.DE=0 (debug.c "DR4 == DR6 with CR4.DE == 0")', () => {
    // xor %eax,%eax; mov %rax,%dr4; mov $0xffff4ff2,%eax; mov %rax,%dr6; mov %dr4,%rbx; mov %dr6,%rcx; hlt
    const { cpu, events } = bareCpu('31c00f23e0b8f24fffff0f23f00f21e30f21f1f4')
    runUntilStop(cpu)
    expect(deliveries(events)).toEqual([])
    expect(cpu.getReg(3)).toBe(0xffff4ff2n)
    expect(cpu.getReg(1)).toBe(0xffff4ff2n)
  })

  it('SDM 18.2.2: MOV from DR4 with CR4.DE=1 is #UD, RIP at the MOV (debug.c "DR4 read got #UD")', () => {
    // mov %cr4,%rax; or $8,%rax; mov %rax,%cr4; bad: mov %dr4,%rax; hlt
    const { cpu, events } = bareCpu('0f20e04883c8080f22e00f21e0f4')
    runUntilStop(cpu)
    expect(deliveries(events).map((e) => [e.vector, e.rip])).toEqual([[6, 0x10000an]])
  })

  it('SDM 18.2.3: writing 0 to DR6 leaves the fixed-1 bits set (RTM/BLD supported: 0xfffe07f0)', () => {
    // xor %eax,%eax; mov %rax,%dr4 ... (first two instructions of the alias program)
    const { cpu } = bareCpu('31c00f23e0f4')
    runUntilStop(cpu)
    expect(cpu.getDr(6)).toBe(0xfffe07f0n)
  })

  it('SDM "MOV DR": writing 1s to DR7 bits 63:32 is #GP(0), DR7 unchanged', () => {
    // mov $1,%eax; shl $32,%rax; mov %rax,%dr7; hlt
    const { cpu, events } = bareCpu('b80100000048c1e0200f23f8f4')
    runUntilStop(cpu)
    expect(deliveries(events).map((e) => [e.vector, e.errorCode, e.rip])).toEqual([[13, 0, 0x100009n]])
    expect(cpu.getDr(7)).toBe(0x400n)
  })

  it('SDM "MOV DR": MOV to DR7 at CPL3 is #GP(0)', () => {
    // mov %rax,%dr7; hlt
    const { cpu, events } = bareCpu('0f23f8f4')
    cpu.cpl = 3
    cpu.seg[1] = 0x1b
    cpu.seg[2] = 0x23
    runUntilStop(cpu)
    expect(deliveries(events).map((e) => [e.vector, e.errorCode, e.rip])).toEqual([[13, 0, 0x100000n]])
  })
})

describe('INT3, ICEBP and INT $1', () => {
  it('SDM 6.4.1: INT3 is a #BP trap, pushed RIP after the INT3 (debug.c "#BP")', () => {
    // int3; sw_bp: hlt
    const { cpu, events } = bareCpu('ccf4')
    runUntilStop(cpu)
    expect(deliveries(events).map((e) => [e.vector, e.rip])).toEqual([[3, 0x100001n]])
  })

  it('SDM 18.3.1.5: ICEBP is a #DB trap after the instruction with no DR6 condition bit (debug.c "icebp": DR6 = 0xffff0ff0)', () => {
    // .byte 0xf1; sw_icebp: hlt
    const { cpu, events } = bareCpu('f1f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100001n, BASE]])
  })

  it('SDM "INT n": INT $1 at CPL3 through a DPL0 gate is #GP(1*8+2), while ICEBP is delivered', () => {
    // int $1; hlt
    const intN = bareCpu('cd01f4')
    intN.cpu.cpl = 3
    runUntilStop(intN.cpu)
    expect(deliveries(intN.events).map((e) => [e.vector, e.errorCode, e.rip])).toEqual([[13, 10, 0x100000n]])
    // The faulting INT did not complete: no instruction event for it.
    expect(intN.events.filter((e) => e.kind === 'insn' && e.rip === 0x100000n)).toEqual([])
    // .byte 0xf1; hlt
    const ice = bareCpu('f1f4')
    ice.cpu.cpl = 3
    ice.cpu.step()
    expect(deliveries(ice.events).map((e) => [e.vector, e.rip, e.dr6After])).toEqual([[1, 0x100001n, BASE]])
  })
})

describe('instruction and data breakpoints', () => {
  it('SDM 18.3.1.1: instruction breakpoint is a fault at the instruction; DR6 = base | B2 (debug.c hw_bp1: 0xffff0ff4)', () => {
    // mov $hw_bp1,%eax; mov %rax,%dr2; mov $0x420,%eax; mov %rax,%dr7; hw_bp1: nop; hlt
    const { cpu, events } = bareCpu('b8100010000f23d0b8200400000f23f890f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100010n, 0xffff0ff4n]])
  })

  it('SDM 18.3.1.1: RF set in the frame suppresses the breakpoint once, so the instruction completes (one #DB only)', () => {
    const { cpu, events } = bareCpu('b8100010000f23d0b8200400000f23f890f4')
    runUntilStop(cpu)
    // Stopped after the HLT that follows the NOP.
    expect(cpu.getRip()).toBe(0x100012n)
    expect(dbs(events)).toHaveLength(1)
    expect(cpu.getRflags() & 0x10000n).toBe(0n)
  })

  it('debug.c run_tests(0): with DR6 written 0, a #DB re-arms RTM but leaves BLD as written (RTM and BLD supported): 0xffff07f4', () => {
    // xor %eax,%eax; mov %rax,%dr6; mov $hw_bp1,%eax; mov %rax,%dr2; mov $0x420,%eax; mov %rax,%dr7; hw_bp1: nop; hlt
    // dr6_base_value = 0 | DR6_FIXED_1 (0xfffe07f0) | DR6_RTM; no DR6_BUS_LOCK because the CPU has Bus Lock Detect.
    const { cpu, events } = bareCpu('31c00f23f0b8150010000f23d0b8200400000f23f890f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100015n, 0xffff07f4n]])
  })

  it('debug.c run_tests(0) without RTM/BLD in CPUID: both bits are fixed 1, so DR6 = 0xffff0ff4', () => {
    const { cpu, events } = bareCpu('31c00f23f0b8150010000f23d0b8200400000f23f890f4', { features: { rtm: false, busLockDetect: false } })
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100015n, 0xffff0ff4n]])
  })

  it('kvm-unit-tests debug.c hw_bp2: B0-B3 are replaced on a #DB, BS stays (DR6 0xffff4ff2 → 0xffff4ff4)', () => {
    // ... mov $0xffff4ff2,%eax; mov %rax,%dr6; hw_bp2: nop; hlt
    const { cpu, events } = bareCpu('b8180010000f23d0b8200400000f23f8b8f24fffff0f23f090f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100018n, 0xffff4ff4n]])
  })

  it('SDM 18.3.1.2: data breakpoint is a trap after the write; BS stays set (debug.c hw_wp1: 0xffff4ff2)', () => {
    // DR1=0x200000, DR6=0xffff4ff0, DR7=0x00d0040a; mov $42,%rax; mov %rax,0x200000; hw_wp1: hlt
    const { cpu, events } = bareCpu('b8000020000f23c8b8f04fffff0f23f0b80a04d0000f23f848c7c02a0000004889042500002000f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100027n, 0xffff4ff2n]])
  })

  it('SDM 18.3.1.2: data breakpoint does not set BS by itself (debug.c hw_wp2: 0xffff0ff2)', () => {
    const { cpu, events } = bareCpu('b8000020000f23c8b80a04d0000f23f848c7c02a0000004889042500002000f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x10001fn, 0xffff0ff2n]])
  })

  it('SDM 18.2.5: LEN=4 aligns DR0 down (0x200003 covers 0x200000-3); a byte write to 0x200001 hits B0', () => {
    // mov $0x200003,%eax; mov %rax,%dr0; mov $0xd0401,%eax; mov %rax,%dr7; movb $1,0x200001; hlt
    const { cpu, events } = bareCpu('b8030020000f23c0b801040d000f23f8c604250100200001f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100018n, 0xffff0ff1n]])
  })

  it('SDM 18.2.5: R/W=01 ignores reads; R/W=11 traps on a read', () => {
    // mov $0x200000,%eax; mov %rax,%dr0; mov $0xd0401 (R/W=01) | $0xf0401 (R/W=11),%eax; mov %rax,%dr7; mov 0x200000,%rbx; hlt
    const writeOnly = bareCpu('b8000020000f23c0b801040d000f23f8488b1c2500002000f4')
    runUntilStop(writeOnly.cpu)
    expect(dbs(writeOnly.events)).toEqual([])
    const readWrite = bareCpu('b8000020000f23c0b801040f000f23f8488b1c2500002000f4')
    runUntilStop(readWrite.cpu)
    expect(dbs(readWrite.events)).toEqual([[0x100018n, 0xffff0ff1n]])
  })

  it('SDM 18.2.5: I/O breakpoint (R/W=10) traps after OUT only with CR4.DE', () => {
    // mov $0x80,%eax; mov %rax,%dr0; mov $0x20401,%eax; mov %rax,%dr7; [mov %cr4,%rax; or $8,%rax; mov %rax,%cr4;] out %al,$0x80; hlt
    const withDe = bareCpu('b8800000000f23c0b8010402000f23f80f20e04883c8080f22e0e680f4')
    runUntilStop(withDe.cpu)
    expect(dbs(withDe.events)).toEqual([[0x10001cn, 0xffff0ff1n]])
    const withoutDe = bareCpu('b8800000000f23c0b8010402000f23f8e680f4')
    runUntilStop(withoutDe.cpu)
    expect(dbs(withoutDe.events)).toEqual([])
  })

  it('SDM 18.2.4: DR7.GD makes the next MOV DR a #DB fault with BD; GD is cleared on delivery', () => {
    // mov $0x2000,%eax; mov %rax,%dr7; mov %dr0,%rbx; hlt
    const { cpu, events } = bareCpu('b8002000000f23f80f21c3f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100008n, 0xffff2ff0n]])
    expect(cpu.getDr(7)).toBe(0x400n)
  })
})

describe('single-step and interrupt shadows (kvm-unit-tests x86/debug.c)', () => {
  it('SDM 18.3.1.4: TF set by POPF traps after the next instruction (singlestep_basic: 3 #DBs at start, +1, +2)', () => {
    const { cpu, events } = bareCpu('9c58480d00010000509d4825fffeffff509d488d1df7fffffff4')
    runUntilStop(cpu)
    const start = 0x100010n
    expect(dbs(events)).toEqual([
      [start, 0xffff4ff0n],
      [start + 1n, 0xffff4ff0n],
      [start + 2n, 0xffff4ff0n],
    ])
  })

  it('SDM 6.8.3: STI blocking does not delay single-step (singlestep_with_sti_blocking: start, +6, +7, +8)', () => {
    const { cpu, events } = bareCpu('fa9c58480d00010000509dfb4825fffeffff509d488d1df1fffffff4')
    runUntilStop(cpu)
    const start = 0x10000cn
    expect(dbs(events).map(([rip]) => rip)).toEqual([start, start + 6n, start + 7n, start + 8n])
  })

  it('SDM 6.8.3: MOV SS defers the single-step #DB past the next instruction (singlestep_with_movss_blocking: start, +1, +2)', () => {
    const { cpu, events } = bareCpu('9c58480d0001000050668cd09d8ed04825fffeffff509d488d1df7fffffff4')
    runUntilStop(cpu)
    const start = 0x100015n
    expect(dbs(events)).toEqual([
      [start, 0xffff4ff0n],
      [start + 1n, 0xffff4ff0n],
      [start + 2n, 0xffff4ff0n],
    ])
  })

  it('debug.c singlestep_with_movss_blocking_and_icebp: ICEBP #DBs carry no BS, then BS at +7, +8, +9', () => {
    const { cpu, events } = bareCpu('9c58480d0001000050668cd09d8ed0f1f14825fffeffff509d488d1df0fffffff4')
    runUntilStop(cpu)
    const start = 0x100010n
    expect(dbs(events)).toEqual([
      [start, BASE],
      [start + 1n, BASE],
      [start + 7n, 0xffff4ff0n],
      [start + 8n, 0xffff4ff0n],
      [start + 9n, 0xffff4ff0n],
    ])
  })

  it('debug.c singlestep_with_movss_blocking_and_dr7_gd: GD fault wins in the MOV SS shadow and the deferred BS is dropped', () => {
    const { cpu, events } = bareCpu('baf00fffffb8002000000f23f89c58480d0001000050668cd09d8ed00f23f24825fffeffff509d488d1deefffffff4')
    runUntilStop(cpu)
    const start = 0x10001cn
    expect(dbs(events)).toEqual([
      [start, 0xffff2ff0n],
      [start + 3n, 0xffff4ff0n],
      [start + 9n, 0xffff4ff0n],
      [start + 10n, 0xffff4ff0n],
      [start + 11n, 0xffff4ff0n],
    ])
  })

  it("kvm-unit-tests singlestep_with_code_db (Sean, Dec 2025; docs/reference/kvm-db-semantics.md §3): single-step and the next instruction's code breakpoint are one #DB, DR6 = BS|B2", () => {
    // lea start(%rip),%rbx; mov %rbx,%dr2; mov $0x420,%ebx; mov %rbx,%dr7; pushf; pop %rax; or $0x100,%rax; push %rax; popf;
    // and $~0x100,%rax; start: push %rax; popf; lea start(%rip),%rbx; hlt
    const { cpu, events } = bareCpu('488d1d1b0000000f23d3bb200400000f23fb9c58480d00010000509d4825fffeffff509d488d1df7fffffff4')
    runUntilStop(cpu)
    const start = 0x100022n
    expect(dbs(events)).toEqual([
      [start, 0xffff4ff4n],
      [start + 1n, 0xffff4ff0n],
      [start + 2n, 0xffff4ff0n],
    ])
  })

  it('SDM 6.12.1: #DB delivery clears TF, so the handler itself is not single-stepped', () => {
    const { cpu, events } = bareCpu('9c58480d00010000509d4825fffeffff509d488d1df7fffffff4')
    runUntilStop(cpu)
    const handlerInsns = events.filter((e) => e.kind === 'insn' && e.rip >= BigInt(handlerAddress(1)) && e.rip < BigInt(handlerAddress(2)))
    // Three #DBs, each running the two-instruction handler once.
    expect(handlerInsns).toHaveLength(6)
  })

  it('SDM 18.3.1: data breakpoint and single-step in one #DB report B0 | BS', () => {
    // pushf; pop %rax; or $0x100,%rax; push %rax; mov $0x200000,%ebx; mov %rbx,%dr0; mov $0xd0401,%ebx; mov %rbx,%dr7;
    // popf; mov %rax,0x200000; after: and $~0x100,%rax; push %rax; popf; hlt
    const { cpu, events } = bareCpu('9c58480d0001000050bb000020000f23c3bb01040d000f23fb9d48890425000020004825fffeffff509df4')
    runUntilStop(cpu)
    expect(dbs(events)[0]).toEqual([0x100022n, 0xffff4ff1n])
  })
})

describe('MOV SS + watchpoint (debug.c test_watchpoints_precise)', () => {
  it('MOV SS + watchpoint + ICEBP: one #DB (the deferred data breakpoint joins the ICEBP #DB)', () => {
    const { cpu, events } = bareCpu('48c704250000200010000000b8000020000f23c8b80a04f0000f23f8f88e1425000020002e2ef1f4')
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100027n, 0xffff0ff2n]])
  })

  it('MOV SS + watchpoint + int $1: the #DB handler runs twice (INT 1, then the deferred #DB at the handler entry)', () => {
    const { cpu, events } = bareCpu('48c704250000200010000000b8000020000f23c8b80a04f0000f23f8f88e142500002000cd01f4')
    runUntilStop(cpu)
    const d = deliveries(events).filter((e) => e.action === 'delivered')
    expect(d.map((e) => [e.vector, e.rip])).toEqual([
      [1, 0x100026n],
      [1, BigInt(handlerAddress(1))],
    ])
  })

  it('MOV SS + watchpoint + INT3: #BP and #DB once each; #BP pushes RIP after the INT3', () => {
    const { cpu, events } = bareCpu('48c704250000200010000000b8000020000f23c8b80a04f0000f23f88e1425000020002e2e2e2e2e2e2e2e2e2e2eccf4')
    runUntilStop(cpu)
    const d = deliveries(events).filter((e) => e.action === 'delivered')
    expect(d.map((e) => [e.vector, e.rip])).toEqual([
      [3, 0x10002fn],
      [1, BigInt(handlerAddress(3))],
    ])
  })
})

describe('vendor differences (kvm-unit-tests x86/emulator.c test_mov_pop_ss_code_db, no FEP)', () => {
  // mov $target,%eax; mov %rax,%dr0; mov $0x401,%eax; mov %rax,%dr7; mov %ss,%ax; mov %ax,%ss; target: nop; hlt
  const program = 'b8150010000f23c0b8010400000f23f8668cd08ed090f4'

  it('reference kvm_is_code_breakpoint_inhibited: on Intel MOV SS blocking suppresses the instruction breakpoint', () => {
    const { cpu, events } = bareCpu(program, { vendor: 'intel' })
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([])
  })

  it('reference kvm_is_code_breakpoint_inhibited: on AMD MOV SS blocking does not suppress it', () => {
    const { cpu, events } = bareCpu(program, { vendor: 'amd' })
    runUntilStop(cpu)
    expect(dbs(events)).toEqual([[0x100015n, 0xffff0ff1n]])
  })
})

/**
 * Instruction semantics beyond the ALU table: each test names the SDM instruction page (Vol. 2) or
 * exception rule (Vol. 3 §6) it checks; expected values are worked out from those pages.
 */
import { describe, expect, it } from 'vitest'
import { bareCpu, deliveries, program, runProgram, runUntilStop } from './test-support'

const run = runProgram

describe('data movement', () => {
  it('MOV: imm64, moffs (movabs), CR8 round trip, 32-bit writes zero-extend, 8-bit writes merge', () => {
    const { cpu, faults } = run(`
      movabs $0x1122334455667788, %rax
      movabs %rax, 0x200000
      movabs 0x200004, %eax
      mov $0xffffffffffffffff, %rbx
      mov $0x5a, %bh
      mov $0xffffffffffffffff, %rcx
      mov $7, %ecx
      mov $5, %edx
      mov %rdx, %cr8
      mov %cr8, %rsi
      hlt
    `)
    expect(faults).toEqual([])
    expect(cpu.getReg(0)).toBe(0x11223344n)
    expect(cpu.getReg(3)).toBe(0xffffffffffff5affn)
    expect(cpu.getReg(1)).toBe(7n)
    expect(cpu.getReg(6)).toBe(5n)
  })

  it('MOV CR8 with bits 63:4 set is #GP(0); MOV CR at CPL3 is #GP(0)', () => {
    const { faults, symbols } = run('mov $0x10, %eax\nbad: mov %rax, %cr8\nhlt')
    expect(faults).toEqual([[13, 0, symbols.bad]])
  })

  it('MOVZX/MOVSX/MOVSXD and LEA (scale, index, displacement, 32-bit truncation)', () => {
    const { cpu } = run(`
      mov $0x80, %eax
      movzbl %al, %ebx
      movsbq %al, %rcx
      mov $0x80000000, %edx
      movslq %edx, %rsi
      mov $0x10, %r8
      mov $0xffffffff, %r9d
      lea 8(%r8,%r9,4), %rdi
      lea 8(%r8,%r9,4), %r10d
      hlt
    `)
    expect(cpu.getReg(3)).toBe(0x80n)
    expect(cpu.getReg(1)).toBe(0xffffffffffffff80n)
    expect(cpu.getReg(6)).toBe(0xffffffff80000000n)
    expect(cpu.getReg(7)).toBe(0x10n + 8n + 0xffffffffn * 4n)
    expect(cpu.getReg(10)).toBe((0x10n + 8n + 0xffffffffn * 4n) & 0xffffffffn)
  })

  it('XCHG with memory; LOCK CMPXCHG succeeds (ZF=1, dst=src) then fails (ZF=0, RAX=dst)', () => {
    const { cpu } = run(`
      movq $5, 0x200000
      mov $0x200000, %edi
      mov $9, %eax
      xchg %rax, (%rdi)
      mov %rax, %r11
      mov $9, %eax
      mov $7, %ecx
      lock cmpxchg %rcx, (%rdi)
      setz %bl
      lock cmpxchg %rcx, (%rdi)
      setz %bh
      hlt
    `)
    expect(cpu.getReg(11)).toBe(5n)
    expect(cpu.readU64(0x200000n)).toBe(7n)
    // First compare equal (BL=1), second not (BH=0) and loads the destination into RAX.
    expect(cpu.getReg(3) & 0xffffn).toBe(0x0001n)
    expect(cpu.getReg(0)).toBe(7n)
  })
})

describe('conditional and bit instructions', () => {
  it('SETcc/CMOVcc follow the flags of CMP; XADD exchanges and adds; BTS/BTR/BTC set CF to the old bit', () => {
    const { cpu } = run(`
      mov $3, %eax
      cmp $5, %eax
      setl %bl
      setg %bh
      mov $7, %ecx
      mov $9, %edx
      cmovb %ecx, %edx
      mov $10, %esi
      mov $4, %edi
      xadd %rsi, %rdi
      mov $0x10, %r8d
      bts $0, %r8
      btr $4, %r8
      setc %r9b
      btc $63, %r8
      hlt
    `)
    expect(cpu.getReg(3) & 0xffffn).toBe(0x0001n)
    expect(cpu.getReg(2)).toBe(7n)
    expect([cpu.getReg(6), cpu.getReg(7)]).toEqual([4n, 14n])
    expect(cpu.getReg(8)).toBe(0x8000000000000001n)
    expect(cpu.getReg(9) & 0xffn).toBe(1n)
  })

  it('LEAVE restores RSP from RBP and pops RBP', () => {
    const { cpu } = run('push %rbp\nmov %rsp, %rbp\nsub $0x20, %rsp\nmov $0x1234, %rbp\nmov %rsp, %rbp\naddq $0x20, %rbp\nleave\nhlt', (c) => c.setReg(5, 0x77n))
    expect(cpu.getReg(5)).toBe(0x77n)
    expect(cpu.getReg(4)).toBe(0x3f0000n)
  })
})

describe('division (SDM "DIV", "IDIV")', () => {
  it('DIV r64: RDX:RAX / src → quotient RAX, remainder RDX; IDIV rounds toward zero', () => {
    const { cpu } = run(`
      mov $1, %edx
      mov $5, %eax
      mov $3, %ecx
      div %rcx
      mov %rax, %r8
      mov %rdx, %r9
      mov $-7, %rax
      cqo
      mov $2, %ecx
      idiv %rcx
      hlt
    `)
    expect(cpu.getReg(8)).toBe(((1n << 64n) + 5n) / 3n)
    expect(cpu.getReg(9)).toBe(((1n << 64n) + 5n) % 3n)
    expect(cpu.getReg(0)).toBe(BigInt.asUintN(64, -3n))
    expect(cpu.getReg(2)).toBe(BigInt.asUintN(64, -1n))
  })

  it('#DE (vector 0, fault: RIP at the DIV) for a zero divisor and for a quotient that does not fit', () => {
    const zero = run('xor %ecx, %ecx\nbad: div %ecx\nhlt')
    expect(zero.faults).toEqual([[0, undefined, zero.symbols.bad]])
    const overflow = run('mov $1, %edx\nmov $1, %ecx\nbad: div %ecx\nhlt')
    expect(overflow.faults).toEqual([[0, undefined, overflow.symbols.bad]])
  })
})

describe('stack and control flow', () => {
  it('PUSH imm8 sign-extends; CALL/RET $n; indirect JMP; LOOP, LOOPNE and JRCXZ', () => {
    const { cpu, faults } = run(`
      pushq $-2
      pop %rax
      push $3
      call fn
      mov $3, %ecx
      xor %ebx, %ebx
    1: inc %ebx
      loop 1b
      mov $10, %ecx
      xor %edx, %edx
    2: inc %edx
      cmp $4, %edx
      loopne 2b
      xor %ecx, %ecx
      jrcxz 3f
      ud2
    3: lea done(%rip), %rsi
      jmp *%rsi
      ud2
    fn:
      mov $0x77, %edi
      ret $8
    done:
      hlt
    `)
    expect(faults).toEqual([])
    expect(cpu.getReg(0)).toBe(0xfffffffffffffffen)
    expect(cpu.getReg(7)).toBe(0x77n)
    expect(cpu.getReg(3)).toBe(3n)
    expect(cpu.getReg(2)).toBe(4n)
    // ret $8 popped the pushed 3 as well: RSP back at the stack top.
    expect(cpu.getReg(4)).toBe(0x3f0000n)
  })

  it('SDM "PUSH"/"POP": PUSH FS and POP GS move 64-bit stack slots in 64-bit mode', () => {
    const { cpu, faults } = run('mov $0x10, %eax\nmov %ax, %fs\npush %fs\npop %gs\nhlt')
    expect(faults).toEqual([])
    expect(cpu.seg[5]).toBe(0x10)
    expect(cpu.getReg(4)).toBe(0x3f0000n)
  })

  it('SDM "POPF": at CPL3 (IOPL 0) POPFQ cannot change IF or IOPL', () => {
    const { hexText } = program('pushq $0x3202\npopfq\nhlt')
    const { cpu } = bareCpu(hexText)
    cpu.cpl = 3
    cpu.step()
    cpu.step()
    expect(cpu.getRflags()).toBe(0x2n)
  })

  it('SDM "PUSHF": the pushed image has RF cleared', () => {
    const { cpu } = run('pushfq\npop %rax\nhlt', (c) => c.setRflags(0x10002n))
    expect(cpu.getReg(0)).toBe(0x2n)
  })
})

describe('string instructions (SDM "REP/REPE/REPNE")', () => {
  it('REP MOVSB copies RCX bytes; REP STOSQ fills; STD walks down', () => {
    const { cpu } = run(`
      movabs $0x0807060504030201, %rax
      mov %rax, 0x200000
      mov $0x200000, %esi
      mov $0x200100, %edi
      mov $8, %ecx
      rep movsb
      mov $0xab, %eax
      mov $0x200200, %edi
      mov $2, %ecx
      rep stosq
      std
      mov $0x200207, %esi
      lodsb
      cld
      hlt
    `)
    expect(cpu.readU64(0x200100n)).toBe(0x0807060504030201n)
    expect(cpu.readU64(0x200208n)).toBe(0xabn)
    expect(cpu.getReg(1)).toBe(0n)
    expect(cpu.getReg(6)).toBe(0x200206n)
  })

  it('REPE CMPSB stops at the first difference; REPNE SCASB at the first match', () => {
    const { cpu } = run(`
      movq $0x44332211, 0x200000
      movq $0x44FF2211, 0x200010
      mov $0x200000, %esi
      mov $0x200010, %edi
      mov $4, %ecx
      repe cmpsb
      mov %rcx, %r8
      mov $0x33, %al
      mov $0x200000, %edi
      mov $4, %ecx
      repne scasb
      hlt
    `)
    expect(cpu.getReg(8)).toBe(1n)
    expect(cpu.getReg(7)).toBe(0x200003n)
    expect(cpu.getReg(1)).toBe(1n)
  })
})

describe('system instructions', () => {
  it('NOP in all lengths (0f 1f /0 forms) and PAUSE are no-ops', () => {
    const { cpu, faults } = run('nop\nnopl (%rax)\nnopw 0(%rax,%rax,1)\nnopl 0x100(%rax)\npause\nhlt')
    expect(faults).toEqual([])
    // GNU as lengths: nop 1, nopl (%rax) 3, nopw 0(%rax,%rax,1) 5, nopl 0x100(%rax) 7, pause 2, hlt 1.
    expect(cpu.getRip()).toBe(0x100000n + 1n + 3n + 5n + 7n + 2n + 1n)
  })

  it('CPUID leaf 0 returns the vendor string; leaf 7 reports RTM (EBX bit 11) and BUS_LOCK_DETECT (ECX bit 24)', () => {
    const { cpu } = run('xor %eax, %eax\ncpuid\nmov %ebx, %r8d\nmov %edx, %r9d\nmov %ecx, %r10d\nmov $7, %eax\nxor %ecx, %ecx\ncpuid\nhlt')
    const text = [cpu.getReg(8), cpu.getReg(9), cpu.getReg(10)].map((v) => String.fromCharCode(...[0, 8, 16, 24].map((s) => Number((v >> BigInt(s)) & 0xffn)))).join('')
    expect(text).toBe('GenuineIntel')
    expect(cpu.getReg(3) & (1n << 11n)).toBe(1n << 11n)
    expect(cpu.getReg(1) & (1n << 24n)).toBe(1n << 24n)
  })

  it('RDMSR/WRMSR: IA32_DEBUGCTL round trip, EFER = LME|LMA, unknown MSR #GP(0)', () => {
    const { cpu, faults, symbols } = run(`
      mov $0x1d9, %ecx
      mov $1, %eax
      xor %edx, %edx
      wrmsr
      xor %eax, %eax
      rdmsr
      mov %rax, %r8
      mov $0xc0000080, %ecx
      rdmsr
      mov %rax, %r9
      mov $0x12345, %ecx
    bad:
      rdmsr
      hlt
    `)
    expect(cpu.getReg(8)).toBe(1n)
    expect(cpu.getReg(9)).toBe(0x500n)
    expect(faults).toEqual([[13, 0, symbols.bad]])
  })

  it('IN/OUT (imm8 and DX, byte and dword) go through the port callback; OUT at CPL3 with IOPL 0 is #GP(0)', () => {
    const log: string[] = []
    const { cpu } = run('mov $0x5a, %al\nout %al, $0x80\nmov $0x3fd, %dx\nin %dx, %eax\nhlt', (c) => {
      c.portIo = { in: (port, size) => (log.push(`in ${port.toString(16)}/${size}`), 0x12345678), out: (port, size, value) => log.push(`out ${port.toString(16)}/${size}=${value.toString(16)}`) }
    })
    expect(log).toEqual(['out 80/1=5a', 'in 3fd/4'])
    expect(cpu.getReg(0)).toBe(0x12345678n)
    const { hexText } = program('out %al, $0x80\nhlt')
    const user = bareCpu(hexText)
    user.cpu.cpl = 3
    user.cpu.step()
    expect(deliveries(user.events).map((e) => [e.vector, e.errorCode])).toEqual([[13, 0]])
  })

  it('LGDT/LIDT load base and limit from a 10-byte operand', () => {
    const { cpu } = run(`
      movw $0x37, 0x200000
      movq $0x1000, 0x200002
      lgdt 0x200000
      movw $0xfff, 0x200010
      movq $0x2000, 0x200012
      lidt 0x200010
      hlt
    `)
    expect([cpu.gdtrBase, cpu.gdtrLimit, cpu.idtrBase, cpu.idtrLimit]).toEqual([0x1000, 0x37, 0x2000, 0xfff])
  })

  it('LTR loads an available 64-bit TSS and marks it busy; LTR of a busy TSS is #GP(selector)', () => {
    const { hexText, symbols } = program('mov $0x28, %ax\nltr %ax\nagain: ltr %ax\nhlt')
    const { cpu, events } = bareCpu(hexText)
    // The boot state has the runtime TSS busy (type 0xb): make it available (type 9) first.
    cpu.poke(0x1000 + 0x28 + 5, 1, 0x89, 0)
    cpu.trSel = 0
    runUntilStop(cpu)
    expect(cpu.trSel).toBe(0x28)
    expect(cpu.peek(0x1000 + 0x28 + 5, 1)).toBe(0x8b)
    expect(deliveries(events).map((e) => [e.vector, e.errorCode, e.rip])).toEqual([[13, 0x28, symbols.again]])
  })

  it('SDM 6.12.1.2: an interrupt gate clears IF in the handler, a trap gate (type 0xF) keeps it', () => {
    const { hexText } = program('sti\nint $0x40\nhlt')
    const interrupt = bareCpu(hexText)
    interrupt.cpu.step()
    interrupt.cpu.step()
    expect(interrupt.cpu.getRflags() & 0x200n).toBe(0n)
    const trap = bareCpu(hexText)
    trap.cpu.poke(0x2000 + 0x40 * 16 + 5, 1, 0x8f, 0)
    trap.cpu.step()
    trap.cpu.step()
    expect(trap.cpu.getRflags() & 0x200n).toBe(0x200n)
  })

  it('an instruction the CPU does not model raises #UD naming the mnemonic', () => {
    const { events, symbols } = run('bad: rdrand %eax\nhlt')
    const ud = deliveries(events)
    expect(ud.map((e) => [e.vector, e.rip])).toEqual([[6, symbols.bad]])
    expect(ud[0].by).toBe('#UD: Rdrand (rdrand %eax) is not modelled')
  })

  it('far JMP/CALL through memory is not modelled: #UD naming it, even at the end of memory', () => {
    const { events, symbols } = run('mov $0x3fffff, %rcx\nfar: ljmpl *(%rcx)\nhlt')
    const ud = deliveries(events)
    expect(ud.map((e) => [e.vector, e.rip])).toEqual([[6, symbols.far]])
    expect(ud[0].by).toMatch(/^#UD: Jmp \(.*\) is not modelled$/)
  })

  it('PUSH SS / POP SS do not exist in 64-bit mode: #UD', () => {
    // 17 = POP SS (valid only outside 64-bit mode)
    const { cpu, events } = bareCpu('17f4')
    cpu.step()
    expect(deliveries(events).map((e) => e.vector)).toEqual([6])
  })
})

describe('exception delivery (SDM Vol. 3 §6)', () => {
  it('§6.12.1 / KVM exception_type: a #GP fault frame has RF=1; a #BP trap frame has RF=0', () => {
    const gp = run('bad: mov %rax, %dr7', (c) => {
      c.cpl = 3
    })
    expect(gp.faults).toEqual([[13, 0, gp.symbols.bad]])
    // Stack switched to TSS.RSP0: frame = error code, RIP, CS, RFLAGS, RSP, SS.
    expect(gp.cpu.readU64(0x3f0000n - 24n) & 0x10000n).toBe(0x10000n)
    const bp = run('int3\nhlt')
    expect(bp.cpu.readU64(0x3f0000n - 24n) & 0x10000n).toBe(0n)
  })

  it('§6.15: #PF while delivering #PF becomes #DF; a fault delivering #DF shuts the CPU down (triple fault)', () => {
    const { hexText } = program('mov $0x500000, %esp\nmov 0x600000, %rax\nhlt')
    const { cpu, events } = bareCpu(hexText)
    const steps = runUntilStop(cpu)
    expect(steps).toBeLessThan(10)
    expect(cpu.step()).toEqual({ kind: 'shutdown', why: 'triple fault: vector 14 while delivering #DF' })
    expect(events.at(-1)).toEqual({ kind: 'shutdown', why: 'triple fault: vector 14 while delivering #DF' })
  })

  it('an external interrupt wakes HLT; the frame RIP is after the HLT', () => {
    const { hexText } = program('sti\nh: hlt\nnext: hlt')
    const { cpu, events } = bareCpu(hexText)
    cpu.step()
    cpu.step()
    expect(cpu.step()).toEqual({ kind: 'halted' })
    cpu.queueInterrupt(0x30)
    expect(cpu.step()).toEqual({ kind: 'delivered', vector: 0x30 })
    expect(deliveries(events).map((e) => [e.vector, e.rip])).toEqual([[0x30, 0x100002n]])
  })

  it('SDM 18.3.1.4: INT n with TF=1 takes no single-step trap (delivery clears TF)', () => {
    const { events } = run('pushfq\norq $0x100, (%rsp)\npopfq\nnop\nint $0x40\nhlt')
    expect(deliveries(events).map((e) => e.vector)).toEqual([1, 0x40])
  })
})

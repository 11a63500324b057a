/**
 * The default recording handlers, generated as AT&T assembly for the project assembler.
 *
 * Every vector gets a stub that makes the frame uniform (a 0 error code where the CPU pushes none)
 * and pushes its vector number, then jumps to a common body for its options. The body appends
 * `{vector, rip, dr6, error_code}` to the guest log; the #DB recorder reads DR6 the way the guest
 * would (`mov %dr6` — under KVM this may VM-exit, which is the point). The other recorders leave DR6
 * alone, as kvm-unit-tests' handlers do: a MOV DR there would itself raise a GD #DB while DR7.GD is
 * set (the CPU clears GD only when it delivers a #DB), e.g. in the #GP handler of a CPL3 MOV DR
 * (x86/debug.c: "MOV DR #GPs at CPL>0"). Then the body applies the options:
 * `set_rf` (RF in the interrupted frame: always, never, or when the #DB was an instruction
 * breakpoint, i.e. some B0-B3 set in DR6 whose DR7 R/W field is 00), `clear_dr6` (write
 * 0xffff0ff0, as kvm-unit-tests' handler does), and then resumes with IRETQ.
 *
 * Faults that cannot be resumed in general (#UD, #GP, #PF, and every other fault-class vector
 * below 32 except #DB/#BP/#OF) log and then stop in a `hlt` loop: the run ends `halted` with
 * the record in the log. Traps (#DB, #BP, #OF) and interrupts (32-255) resume.
 */
import { DB_VECTOR } from '../cpu/constants'
import { hasErrorCode } from '../cpu/fault'
import { LOG_BASE, LOG_CAPACITY, LOG_RECORD_SIZE } from './layout'

export interface RecorderOptions {
  clear_dr6: boolean
  set_rf: 'code-bp' | 'always' | 'never'
}

/** The defaults: the #DB recorder clears DR6 and resumes past instruction breakpoints. */
export function defaultRecorder(vector: number): RecorderOptions {
  return vector === 1 ? { clear_dr6: true, set_rf: 'code-bp' } : { clear_dr6: false, set_rf: 'never' }
}

/** Whether the recorder of this vector reads DR6 (only #DB's; the log has no DR6 for the others). */
export function recorderReadsDr6(vector: number): boolean {
  return vector === DB_VECTOR
}

/** Vectors the recorder resumes after logging; the rest log and halt. */
export function recorderResumes(vector: number): boolean {
  return vector === 1 || vector === 3 || vector === 4 || vector === 2 || vector >= 32
}

export function stubLabel(vector: number): string {
  return `rt_vec_${vector}`
}

function bodyLabel(options: RecorderOptions, resume: boolean, readDr6: boolean): string {
  const dr6 = `${readDr6 ? 'read' : 'noread'}_${options.clear_dr6 ? 'clear' : 'keep'}`
  return `rt_common_${options.set_rf.replace('-', '_')}_${dr6}_${resume ? 'iret' : 'halt'}`
}

/** Stack after the body's four pushes: vector, error code, then the CPU's frame. */
const VECTOR_AT = 32
const ERROR_AT = 40
const RIP_AT = 48
const RFLAGS_AT = 64

function body(options: RecorderOptions, resume: boolean, readDr6: boolean): string[] {
  const records = LOG_BASE + 8
  const lines = [
    `${bodyLabel(options, resume, readDr6)}:`,
    '  push %rax',
    '  push %rbx',
    '  push %rcx',
    '  push %rdx',
    // Both 3 bytes, so the runtime's layout does not depend on which recorders read DR6.
    readDr6 ? '  mov %dr6, %rdx' : '  xor %rdx, %rdx',
    `  mov ${hexOf(LOG_BASE)}, %rbx`,
    `  cmp $${LOG_CAPACITY}, %rbx`,
    '  jae 1f',
    '  mov %rbx, %rcx',
    `  shl $${Math.log2(LOG_RECORD_SIZE)}, %rcx`,
    `  mov ${VECTOR_AT}(%rsp), %rax`,
    `  mov %rax, ${hexOf(records)}(%rcx)`,
    `  mov ${RIP_AT}(%rsp), %rax`,
    `  mov %rax, ${hexOf(records + 8)}(%rcx)`,
    `  mov %rdx, ${hexOf(records + 16)}(%rcx)`,
    `  mov ${ERROR_AT}(%rsp), %rax`,
    `  mov %rax, ${hexOf(records + 24)}(%rcx)`,
    '  inc %rbx',
    `  mov %rbx, ${hexOf(LOG_BASE)}`,
    '1:',
  ]
  if (options.set_rf === 'always') lines.push(`  orq $0x10000, ${RFLAGS_AT}(%rsp)`)
  if (options.set_rf === 'code-bp') {
    lines.push('  test $0xf, %edx', '  jz 3f', '  mov %dr7, %rax')
    for (let i = 0; i < 4; i++) {
      lines.push(`  test $${1 << i}, %edx`, `  jz 2${i}f`, `  test $${hexOf(3 << (16 + i * 4))}, %eax`, `  jnz 2${i}f`, `  orq $0x10000, ${RFLAGS_AT}(%rsp)`, `2${i}:`)
    }
    lines.push('3:')
  }
  if (options.clear_dr6) lines.push('  mov $0xffff0ff0, %eax', '  mov %rax, %dr6')
  if (resume) lines.push('  pop %rdx', '  pop %rcx', '  pop %rbx', '  pop %rax', '  add $16, %rsp', '  iretq')
  else lines.push('4:', '  hlt', '  jmp 4b')
  return lines
}

function hexOf(n: number): string {
  return `0x${n.toString(16)}`
}

/**
 * The runtime's assembly: recorder stubs for every vector that uses one (`recorders` maps a vector
 * to its options), their common bodies, and, when `userEntry` is given, `rt_enter_user`, which
 * IRETQs to that address at CPL3 with the user stack.
 */
export function runtimeSource(recorders: Map<number, RecorderOptions>, userEntry?: { rip: bigint; cs: number; ss: number; rsp: number }): string {
  const lines: string[] = []
  const bodies = new Map<string, string[]>()
  if (userEntry) {
    lines.push(
      'rt_enter_user:',
      `  pushq $${hexOf(userEntry.ss)}`,
      `  pushq $${hexOf(userEntry.rsp)}`,
      '  pushfq',
      `  pushq $${hexOf(userEntry.cs)}`,
      // From memory, so no guest register is clobbered on the way to CPL3.
      '  pushq rt_user_rip(%rip)',
      '  iretq',
      'rt_user_rip:',
      `  .quad 0x${userEntry.rip.toString(16)}`,
    )
  }
  for (const [vector, options] of recorders) {
    const resume = recorderResumes(vector)
    const readDr6 = recorderReadsDr6(vector)
    const label = bodyLabel(options, resume, readDr6)
    if (!bodies.has(label)) bodies.set(label, body(options, resume, readDr6))
    lines.push(`${stubLabel(vector)}:`)
    if (!hasErrorCode(vector)) lines.push('  pushq $0')
    lines.push(`  pushq $${vector}`, `  jmp ${label}`)
  }
  for (const b of bodies.values()) lines.push(...b)
  return `${lines.join('\n')}\n`
}

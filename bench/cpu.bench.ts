/**
 * Guest CPU throughput (issue 2 §5): (a) a tight ALU loop, 32- and 64-bit; (b) a loop with MOV DR,
 * PUSHFQ/POPFQ and a memory write while a data breakpoint is armed (on another address, so every
 * access is checked and none traps). Programs are GNU as output, embedded as bytes.
 */
import { Cpu } from '@patchlab/emulator-core/cpu'
import { GUEST_ORIGIN, RUNTIME_CODE_BASE, enterLongMode, writeDescriptorTables } from '@patchlab/emulator-core/runtime'
import type { Benchmark, Figure } from './figure'

/** mov $10000000,%edx; 1: add %ebx,%eax; xor $5,%ecx; dec %edx; jnz 1b; hlt */
const ALU32 = 'ba8096980001d883f105ffca75f7f4'
/** mov $10000000,%edx; 1: add %rbx,%rax; xor $5,%rcx; dec %rdx; jnz 1b; hlt */
const ALU64 = 'ba809698004801d84883f10548ffca75f4f4'
/** mov $2000000,%edx; mov $0x200000,%rdi; 1: mov %dr7,%rax; pushfq; popfq; mov %rcx,(%rdi); dec %edx; jnz 1b; hlt */
const DEBUG_LOOP = 'ba80841e0048c7c7000020000f21f89c9d48890fffca75f4f4'

function hexBytes(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (b) => parseInt(b, 16))
}

/** Runs a program to its HLT and returns guest instructions per CPU-second (best of `rounds`). */
function measure(code: string, setup: (cpu: Cpu) => void, rounds = 3): number {
  let best = 0
  for (let r = 0; r < rounds; r++) {
    const cpu = new Cpu({ vendor: 'intel' })
    writeDescriptorTables(cpu, () => RUNTIME_CODE_BASE)
    cpu.writeBytes(GUEST_ORIGIN, hexBytes(code))
    enterLongMode(cpu, GUEST_ORIGIN)
    setup(cpu)
    let instructions = 0
    // CPU time of this process, not wall time: the figure is "on one core", even on a busy machine.
    const start = process.cpuUsage()
    while (cpu.step().kind === 'retired') instructions++
    const used = process.cpuUsage(start)
    const seconds = (used.user + used.system) / 1e6
    best = Math.max(best, instructions / seconds)
  }
  return Math.round(best)
}

const bench: Benchmark = {
  title: 'Guest CPU (emulator-core/src/cpu)',
  async run(): Promise<Figure[]> {
    const goal = { op: '>=' as const, value: 30_000_000 }
    return [
      { name: 'cpu_alu_loop_instructions_per_second', value: measure(ALU32, () => {}), goal },
      { name: 'cpu_alu64_loop_instructions_per_second', value: measure(ALU64, () => {}), goal },
      {
        name: 'cpu_debug_loop_instructions_per_second',
        value: measure(DEBUG_LOOP, (cpu) => {
          // DR0 = 0x300000, 8-byte write breakpoint (L0, R/W0=01, LEN0=10); the loop writes 0x200000.
          cpu.setDr(0, 0x300000n)
          cpu.setDr(7, 0x00090401n)
        }),
      },
    ]
  },
}

export default bench

/** RDTSC/RDTSCP (SDM Vol. 2 "RDTSC", "RDTSCP"; kvm-unit-tests x86/tsc.c test_rdtscp). */
import { describe, expect, it } from 'vitest'
import { runProgram } from '../test-support'

describe('RDTSC/RDTSCP', () => {
  it('the counter is monotonic across reads (tsc.c: t2 - t1 > 0) and EDX:EAX zero-extends', () => {
    const { cpu } = runProgram('rdtsc\nmov %eax, %esi\nrdtsc\nsub %esi, %eax\nhlt')
    expect(cpu.getReg(0) > 0n).toBe(true)
    expect(cpu.getReg(2)).toBe(0n)
  })

  it('tsc.c test_rdtscp(aux): ECX = IA32_TSC_AUX after WRMSR, for aux 0, 10, 0x100', () => {
    for (const aux of [0, 10, 0x100]) {
      const { cpu, faults } = runProgram(`mov $0xc0000103, %ecx\nmov $${aux}, %eax\nxor %edx, %edx\nwrmsr\nmov $-1, %ecx\nrdtscp\nhlt`)
      expect(faults).toEqual([])
      expect(cpu.getReg(1)).toBe(BigInt(aux))
    }
  })

  it('TSC_AUX bits 63:32 are reserved on Intel (#GP) and ignored on AMD', () => {
    const source = 'mov $0xc0000103, %ecx\nmov $5, %eax\nmov $1, %edx\nbad: wrmsr\nrdtscp\nhlt'
    const intel = runProgram(source)
    expect(intel.faults).toEqual([[13, 0, intel.symbols.bad]])
    const amd = runProgram(source, () => {}, { vendor: 'amd' })
    expect(amd.faults).toEqual([])
    expect(amd.cpu.getReg(1)).toBe(5n)
  })

  it('CR4.TSD: #GP(0) at CPL 3, allowed at CPL 0', () => {
    const source = 'mov %cr4, %rax\nor $4, %rax\nmov %rax, %cr4\nbad: rdtsc\nhlt'
    expect(runProgram(source).faults).toEqual([])
    const user = runProgram('bad: rdtscp\nhlt', (c) => ((c.cr4 |= 4), (c.cpl = 3)))
    expect(user.faults).toEqual([[13, 0, user.symbols.bad]])
  })
})

/** LAHF/SAHF (SDM Vol. 2 "LAHF", "SAHF"; kvm-unit-tests x86/realmode.c test_lahf/test_sahf). */
import { describe, expect, it } from 'vitest'
import { runProgram } from '../test-support'

describe('LAHF/SAHF', () => {
  it('realmode.c test_sahf: AH = 0xfd, SAHF, then the flags byte reads 0xd7 (bits 5, 3 ignored, bit 1 fixed)', () => {
    const { cpu } = runProgram('mov $0xfd00, %eax\nsahf\npushf\nmov (%rsp), %al\npopf\nhlt')
    expect(cpu.getReg(0)).toBe(0xfd00n | 0xd7n)
  })

  it('realmode.c test_lahf: flags byte 0xc7 loaded with POPF, LAHF gives AH = 0xc7', () => {
    const { cpu } = runProgram('mov $0xc7, %eax\npushf\nmov %al, (%rsp)\npopf\nlahf\nhlt')
    expect(cpu.getReg(0) >> 8n).toBe(0xc7n)
  })
})

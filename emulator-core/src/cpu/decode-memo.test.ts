import { describe, expect, it } from 'vitest'
import { Cpu } from './cpu'
import { MemoryImage } from './memory-image'

const SIZE = 0x10000

function machineWith(address: number, bytes: number[]): Cpu {
  const cpu = new Cpu({ vendor: 'intel', memorySize: SIZE })
  cpu.mapImage(MemoryImage.empty(SIZE).withBytes(address, Uint8Array.from(bytes)))
  return cpu
}

describe('decode memo', () => {
  it('the same instruction bytes at the same address decode once, whatever follows them', () => {
    // 48 89 d8 = mov %rbx,%rax; then f4 (hlt) or 90 (nop).
    const a = machineWith(0x3000, [0x48, 0x89, 0xd8, 0xf4])
    const b = machineWith(0x3000, [0x48, 0x89, 0xd8, 0x90])
    const first = a.decodeAt(0x3000n)
    expect(first).toMatchObject({ text: 'mov %rbx,%rax', length: 3 })
    expect(b.decodeAt(0x3000n)).toBe(first)
  })

  it('other bytes, or the same bytes elsewhere, are other instructions', () => {
    const a = machineWith(0x4000, [0x48, 0x89, 0xd8])
    const b = machineWith(0x4000, [0x48, 0x89, 0xc8])
    const c = machineWith(0x4010, [0x48, 0x89, 0xd8])
    expect(b.decodeAt(0x4000n)).toMatchObject({ text: 'mov %rcx,%rax' })
    expect(c.decodeAt(0x4010n)).not.toBe(a.decodeAt(0x4000n))
    expect(c.decodeAt(0x4010n)).toMatchObject({ text: 'mov %rbx,%rax', address: 0x4010n })
  })
})

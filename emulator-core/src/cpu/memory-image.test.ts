/**
 * Paged copy-on-write guest memory: accesses that straddle a 4 KiB page boundary are little-endian
 * like any other (SDM Vol. 1 §1.3.1), a machine's writes never reach the image or other machines
 * mapping it, and instructions decoded from a shared page are re-decoded once a machine writes it.
 */
import { describe, expect, it } from 'vitest'
import { Cpu } from './cpu'
import { MemoryImage } from './memory-image'

const SIZE = 0x10000

function imageWith(address: number, bytes: number[]): MemoryImage {
  return MemoryImage.empty(SIZE).withBytes(address, Uint8Array.from(bytes))
}

function machine(image: MemoryImage): Cpu {
  const cpu = new Cpu({ vendor: 'intel', memorySize: SIZE })
  cpu.mapImage(image)
  return cpu
}

describe('paged guest memory', () => {
  it('an 8-byte read across a page boundary: bits 31:0 returned, 63:32 in opHi', () => {
    const cpu = machine(imageWith(0x1ffc, [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]))
    expect(cpu.read(0x1ffc, 8)).toBe(0x04030201)
    expect(cpu.opHi).toBe(0x08070605)
    expect(cpu.read(0x1ffe, 4)).toBe(0x06050403)
    expect(cpu.opHi).toBe(0)
    expect(cpu.peek(0x1fff, 2)).toBe(0x0504)
  })

  it('a write across a page boundary lands on both pages', () => {
    const cpu = machine(imageWith(0, []))
    cpu.write(0x2ffd, 8, 0x44332211, 0x88776655)
    expect([...cpu.readBytes(0x2ffd, 8)]).toEqual([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88])
    cpu.write(0x3fff, 2, 0xbbaa, 0)
    expect([...cpu.readBytes(0x3fff, 2)]).toEqual([0xaa, 0xbb])
  })

  it('writes are private to the machine: the image and a second machine mapping it keep the old bytes', () => {
    const image = imageWith(0x5000, [0xaa])
    const a = machine(image)
    const b = machine(image)
    a.write(0x5000, 1, 0x55, 0)
    a.writeBytes(0x9000, Uint8Array.from([1, 2, 3]))
    expect(a.peek(0x5000, 1)).toBe(0x55)
    expect(b.peek(0x5000, 1)).toBe(0xaa)
    expect([...b.readBytes(0x9000, 3)]).toEqual([0, 0, 0])
    expect(machine(image).peek(0x5000, 1)).toBe(0xaa)
  })

  it('writing the bytes a shared page already holds keeps it shared (no copy, decoded instructions kept)', () => {
    const image = imageWith(0x1000, [0xcc, 0x34, 0x12])
    const a = machine(image)
    const first = a.decodeAt(0x1000n)
    a.write(0x1001, 2, 0x1234, 0)
    expect(a.owns(1)).toBe(false)
    expect(a.decodeAt(0x1000n)).toBe(first)
    a.write(0x1001, 2, 0x1235, 0)
    expect(a.owns(1)).toBe(true)
    expect([...a.readBytes(0x1000, 3)]).toEqual([0xcc, 0x35, 0x12])
  })

  it('readBytes keeps slice semantics at the end of memory; writeBytes past it is a RangeError', () => {
    const cpu = machine(imageWith(SIZE - 2, [0x12, 0x34]))
    expect([...cpu.readBytes(SIZE - 2, 8)]).toEqual([0x12, 0x34])
    expect(cpu.readBytes(SIZE, 4).length).toBe(0)
    expect(() => cpu.writeBytes(SIZE - 1, Uint8Array.from([1, 2]))).toThrow(RangeError)
  })

  it('an instruction decoded from a shared page is shared until a machine writes the page, then re-decoded from its bytes', () => {
    // 0x1000: cc = int3; 90 = nop.
    const image = imageWith(0x1000, [0xcc])
    const a = machine(image)
    const b = machine(image)
    const first = a.decodeAt(0x1000n)
    expect(first).toMatchObject({ text: 'int3' })
    expect(b.decodeAt(0x1000n)).toBe(first)
    a.write(0x1000, 1, 0x90, 0)
    expect(a.decodeAt(0x1000n)).toMatchObject({ text: 'nop' })
    expect(b.decodeAt(0x1000n)).toBe(first)
  })

  it('a write elsewhere in the page keeps its instructions shared; one over their bytes re-decodes them', () => {
    // 0x1000: cc = int3; 0x1001: 90 = nop. A fuzz program stores to data in its own code page.
    const image = imageWith(0x1000, [0xcc, 0x90])
    const a = machine(image)
    const b = machine(image)
    const int3 = a.decodeAt(0x1000n)
    a.write(0x1800, 4, 0x12345678, 0)
    expect(a.owns(1)).toBe(true)
    expect(a.decodeAt(0x1000n)).toBe(int3)
    const nop = a.decodeAt(0x1001n)
    expect(b.decodeAt(0x1001n)).toBe(nop)
    a.write(0x1000, 1, 0x90, 0)
    expect(a.decodeAt(0x1000n)).toMatchObject({ text: 'nop' })
    expect(a.decodeAt(0x1001n)).toBe(nop)
    expect(b.decodeAt(0x1000n)).toBe(int3)
  })

  it('an instruction running into the next page is cached per machine, so a write to that page drops it', () => {
    // 0x1fff: b0 42 = mov $0x42, %al, its immediate on the next page.
    const image = imageWith(0x1fff, [0xb0, 0x42])
    const a = machine(image)
    const b = machine(image)
    expect(a.decodeAt(0x1fffn)).toMatchObject({ text: 'mov $0x42,%al' })
    a.write(0x2000, 1, 0x43, 0)
    expect(a.decodeAt(0x1fffn)).toMatchObject({ text: 'mov $0x43,%al' })
    expect(b.decodeAt(0x1fffn)).toMatchObject({ text: 'mov $0x42,%al' })
  })
})

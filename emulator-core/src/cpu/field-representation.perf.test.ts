/**
 * Number fields that will hold doubles start as doubles (see asDouble in bigint-bridge.ts): a CPU made
 * after a run that stored doubles everywhere has the same hidden class as one made before it, so
 * compiled code keeps working. V8-specific, which is the point: a change of class deoptimizes
 * every compiled function that touches a CPU.
 */
import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { Cpu } from './cpu'

setFlagsFromString('--allow-natives-syntax')
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean

describe('CPU field representation', () => {
  it('storing large values does not change the class of later CPUs', () => {
    const before = new Cpu({ vendor: 'intel' })
    const cpu = new Cpu({ vendor: 'intel' })
    // The fields a fuzz campaign was seen generalizing: RIP (and its BigInt's key), DR7 with bit 31,
    // the effective-address and operand halves, plus their siblings.
    cpu.setRip(0xffffffff80000000n)
    cpu.getRip()
    cpu.setDr(7, 0xffff0ff0n)
    Object.assign(cpu, { nextRip: 2 ** 40, rLo: 0xffffffff, rHi: 0xffffffff, opHi: 0xffffffff, eaLo: 0xffffffff, eaHi: 0xffffffff, gdtrBase: 2 ** 40, idtrBase: 2 ** 40, trBase: 2 ** 40 })
    const after = new Cpu({ vendor: 'intel' })
    expect(haveSameMap(before, after)).toBe(true)
  })
})

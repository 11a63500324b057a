/**
 * The VM exit of an intercepted I/O instruction (SDM Vol. 3 §28.2.1 Table 28-5 / AMD APM Vol. 2
 * §15.10.2 IOIO exit info): port, access size, direction, and whether it is a string (INS/OUTS)
 * and REP-prefixed. IN/OUT take the port from imm8 or DX; INS/OUTS always from DX.
 */
import type { IoExit } from '../seam'
import type { Insn } from '../insn'
import type { Machine } from '../machine'
import { StringOp } from './string'
import { ioPortAndSize } from './system'

export function ioExit(m: Machine, i: Insn, rip: bigint): IoExit {
  if (i.sub === StringOp.Ins || i.sub === StringOp.Outs) {
    const direction = i.sub === StringOp.Ins ? 'in' : 'out'
    return { kind: 'io', rip, length: i.length, port: m.lo[2] & 0xffff, size: i.size as 1 | 2 | 4, direction, string: true, rep: i.rep || i.repne, value: undefined }
  }
  const { port, size } = ioPortAndSize(m, i)
  const direction = i.sub === 0 ? 'in' : 'out'
  return { kind: 'io', rip, length: i.length, port, size, direction, string: false, rep: false, value: direction === 'out' ? m.readGpr(0, size, false) : undefined }
}

/**
 * The machine state as the KVM model and the runner see it through the seam (GuestCpu): BigInt
 * registers, DR/CR/MSR loads and stores with VM-entry semantics, guest memory by BigInt address,
 * the interrupt line.
 */
import { bigU32, RipBigInt } from './caches'
import { TWO_53, low32 } from './bigint-bridge'
import { Machine } from './machine'
import type { ControlRegister, InterruptShadow } from './seam'

export class GuestCpuState extends Machine {
  /** getRip()'s BigInt: KVM and the exits read RIP several times per exit. */
  private readonly ripBig = new RipBigInt()

  getRip(): bigint {
    return this.ripBig.get(this.rip)
  }

  setRip(value: bigint): void {
    if (value >= 0n && value <= TWO_53) {
      // The usual case (KVM skipping an instruction): no asUintN copy, and getRip() returns this very BigInt.
      this.rip = Number(value)
      this.ripBig.set(this.rip, value)
      return
    }
    this.rip = Number(BigInt.asUintN(64, value))
  }

  getLinearRip(): bigint {
    return this.getRip()
  }

  getRflags(): bigint {
    return bigU32(this.rflags >>> 0)
  }

  setRflags(value: bigint): void {
    this.rflags = (low32(value) | 2) >>> 0
  }

  getDr(n: number): bigint {
    if (n < 4) return this.dr[n]
    return bigU32(n === 4 || n === 6 ? this.dr6 : this.dr7)
  }

  /** KVM loads DR0-DR3, DR6 and DR7 at every VM entry, mostly unchanged: only a new DR0-DR3 or DR7 value re-arms breakpoints (DR6 arms none). */
  setDr(n: number, value: bigint): void {
    if (n === 4 || n === 6) {
      this.dr6 = low32(value)
      return
    }
    if (n < 4) {
      // Compared before asUintN, which makes a new BigInt even for an in-range value.
      if (value === this.dr[n]) return
      this.dr[n] = BigInt.asUintN(64, value)
    } else {
      const dr7 = low32(value)
      if (dr7 === this.dr7) return
      this.dr7 = dr7
    }
    this.refreshBreakpoints()
  }

  getCr(cr: ControlRegister): bigint {
    return this.hwEnv.getCr(cr)
  }

  setCr(cr: ControlRegister, value: bigint): void {
    this.hwEnv.setCr(cr, value)
  }

  getEfer(): bigint {
    return BigInt(this.efer)
  }

  getDebugctl(): bigint {
    return this.debugctl
  }

  setDebugctl(value: bigint): void {
    this.debugctl = value
  }

  getInterruptShadow(): InterruptShadow {
    return this.shadow
  }

  setInterruptShadow(shadow: InterruptShadow): void {
    this.shadow = shadow
  }

  getPendingDebugExceptions(): bigint {
    return bigU32(this.pendingDbg >>> 0)
  }

  setPendingDebugExceptions(bits: bigint): void {
    this.pendingDbg = low32(bits)
  }

  getCpl(): 0 | 3 {
    return this.cpl
  }

  readMemory(address: bigint, length: number): Uint8Array {
    return this.readBytes(Number(address), length)
  }

  writeMemory(address: bigint, bytes: Uint8Array): void {
    this.writeBytes(Number(address), bytes)
  }

  readU64(address: bigint): bigint {
    const a = Number(address)
    return (BigInt(this.peek(a + 4, 4)) << 32n) | BigInt(this.peek(a, 4))
  }

  writeU64(address: bigint, value: bigint): void {
    const bytes = new Uint8Array(8)
    new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true)
    this.writeBytes(Number(address), bytes)
  }

  queueInterrupt(vector: number): void {
    this.pendingIrqs.push(vector & 0xff)
  }

  isHalted(): boolean {
    return this.halted
  }
}

import { resolveBuild } from '../builds/registry'
import { EventLog } from './trace-sink'
import type { KvmVcpu } from './vcpu'
import { kvm_vcpu_create } from './vcpu-create'
import type { GuestCpu, InterruptShadow } from '../cpu/seam'
import { noIntercepts } from '../cpu/seam'

/**
 * A register-file-only GuestCpu for unit tests of KVM functions that never step the guest
 * (exception queue, DR accessors, ioctls, emulator checks). Stepping calls throw.
 */
export function stubCpu(vendor: 'intel' | 'amd' = 'intel'): GuestCpu {
  let rip = 0x100000n
  let rflags = 0x2n
  let shadow: InterruptShadow = 'none'
  let pendingDbg = 0n
  const regs = new Array<bigint>(16).fill(0n)
  const drs = [0n, 0n, 0n, 0n, 0n, 0n, 0xffff0ff0n, 0x400n]
  const cr = new Map<number, bigint>([[0, 0x80000011n], [4, 0x20n]])
  const unsupported = (): never => {
    throw new Error('stubCpu: not a stepping CPU')
  }
  return {
    vendor,
    intercepts: noIntercepts(),
    onEvent: undefined,
    portIo: { in: () => 0xffffffff, out: () => undefined },
    step: unsupported,
    injectEvent: unsupported,
    decodeAt: unsupported,
    executeDecoded: unsupported,
    getReg: (n) => regs[n],
    setReg: (n, v) => void (regs[n] = v),
    getRip: () => rip,
    setRip: (v) => void (rip = v),
    getRflags: () => rflags,
    setRflags: (v) => void (rflags = v),
    getDr: (n) => drs[n],
    setDr: (n, v) => void (drs[n] = v),
    getCr: (n) => cr.get(n) ?? 0n,
    setCr: (n, v) => void cr.set(n, v),
    getEfer: () => 0x500n,
    getDebugctl: () => 0n,
    setDebugctl: () => undefined,
    readMsr: () => undefined,
    writeMsr: () => false,
    getInterruptShadow: () => shadow,
    setInterruptShadow: (s) => void (shadow = s),
    getPendingDebugExceptions: () => pendingDbg,
    setPendingDebugExceptions: (v) => void (pendingDbg = v),
    getCpl: () => 0,
    getLinearRip: () => rip,
    readMemory: (_a, n) => new Uint8Array(n),
    writeMemory: () => undefined,
    readU64: () => 0n,
    writeU64: () => undefined,
    queueInterrupt: () => undefined,
    isHalted: () => false,
  }
}

/** A reset vCPU on a stub CPU, running the given build's functions. */
export function testVcpu(build: string, options: { exceptionPayload?: boolean; vendor?: 'intel' | 'amd'; l1?: number[] } = {}): KvmVcpu {
  return kvm_vcpu_create({
    cpu: stubCpu(options.vendor),
    functions: resolveBuild(build).functions,
    trace: new EventLog(),
    vendor: options.vendor ?? 'intel',
    mode: 'fep',
    exceptionPayload: options.exceptionPayload ?? false,
    forceEmulationPrefix: 1,
    cpuid: { rtm: true, bus_lock_detect: true },
    ...(options.l1 ? { l1InterceptedVectors: options.l1 } : {}),
  })
}

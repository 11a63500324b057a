/**
 * The KVM model's process-wide memos, each with a name, a bound and a reset(). Both are weak: an
 * entry dies with the build's function table or the vCPU it belongs to. Private to this module.
 */
import { type Cache, WeakMemo } from '../types/cache'
import type { Vendor } from '../types/build'
import type { EmulatorOps } from './emulator-ops'
import type { KvmFunctions } from './functions'
import type { KvmX86Ops } from './kvm-x86-ops'
import type { KvmVcpu } from './vcpu'

// The table depends only on the build's functions and the vendor, and KVM consults it many times per
// exit, so each (functions, vendor) pair builds it once.
const opsTables = new WeakMemo<KvmFunctions, Partial<Record<Vendor, KvmX86Ops>>>('kvm: kvm_x86_ops tables by function table and vendor', 1 << 10)
/** The emulator ops only read through their vCPU, so each vCPU keeps one. */
const emulatorOps = new WeakMemo<KvmVcpu, EmulatorOps>('kvm: emulate_ops by vCPU', 1 << 14)

/** build(fn, vendor), remembered by function table and vendor. */
export function sharedOpsTable(fn: KvmFunctions, vendor: Vendor, build: (fn: KvmFunctions, vendor: Vendor) => KvmX86Ops): KvmX86Ops {
  const byVendor = opsTables.find(fn) ?? opsTables.remember(fn, {})
  return (byVendor[vendor] ??= build(fn, vendor))
}

/** make(vcpu), remembered by vCPU. */
export function sharedEmulatorOps(vcpu: KvmVcpu, make: (vcpu: KvmVcpu) => EmulatorOps): EmulatorOps {
  return emulatorOps.find(vcpu) ?? emulatorOps.remember(vcpu, make(vcpu))
}

/** The KVM model's caches. */
export const kvmCaches: readonly Cache[] = [opsTables, emulatorOps]

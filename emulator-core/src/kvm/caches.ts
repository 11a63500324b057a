/**
 * The KVM model's process-wide memos, each with a name, a bound and a reset(). Both are weak: an
 * entry dies with the build's function table or the vCPU it belongs to. Private to this module.
 */
import type { Cache } from '../types/cache'
import type { Vendor } from '../types/build'
import type { EmulatorOps } from './emulator-ops'
import type { KvmFunctions } from './functions'
import type { KvmX86Ops } from './kvm-x86-ops'
import type { KvmVcpu } from './vcpu'

// The table depends only on the build's functions and the vendor, and KVM consults it many times per
// exit, so each (functions, vendor) pair builds it once. Plain WeakMaps here: kvmX86Ops() is hot enough
// that a memo object's extra calls showed in the fuzz rate.
/** Bound on function tables remembered since the last start (builds number a few dozen). */
const OPS_TABLES_BOUND = 1 << 10
let opsTables = new WeakMap<KvmFunctions, Partial<Record<Vendor, KvmX86Ops>>>()
let opsTablesRemembered = 0
/** Bound on vCPUs remembered since the last start (entries die with their vCPU). */
const EMULATOR_OPS_BOUND = 1 << 14
let emulatorOps = new WeakMap<KvmVcpu, EmulatorOps>()
let emulatorOpsRemembered = 0

/** build(fn, vendor), remembered by function table and vendor. */
export function sharedOpsTable(fn: KvmFunctions, vendor: Vendor, build: (fn: KvmFunctions, vendor: Vendor) => KvmX86Ops): KvmX86Ops {
  let byVendor = opsTables.get(fn)
  if (!byVendor) {
    if (opsTablesRemembered >= OPS_TABLES_BOUND) opsTablesCache.reset()
    opsTables.set(fn, (byVendor = {}))
    opsTablesRemembered++
  }
  return (byVendor[vendor] ??= build(fn, vendor))
}

/** The emulator ops only read through their vCPU, so each vCPU keeps one: make(vcpu), remembered by vCPU. */
export function sharedEmulatorOps(vcpu: KvmVcpu, make: (vcpu: KvmVcpu) => EmulatorOps): EmulatorOps {
  let ops = emulatorOps.get(vcpu)
  if (!ops) {
    if (emulatorOpsRemembered >= EMULATOR_OPS_BOUND) emulatorOpsCache.reset()
    emulatorOps.set(vcpu, (ops = make(vcpu)))
    emulatorOpsRemembered++
  }
  return ops
}

const opsTablesCache: Cache = {
  name: 'kvm: kvm_x86_ops tables by function table and vendor (function tables)',
  bound: OPS_TABLES_BOUND,
  size: () => opsTablesRemembered,
  reset() {
    opsTables = new WeakMap()
    opsTablesRemembered = 0
  },
}

const emulatorOpsCache: Cache = {
  name: 'kvm: emulate_ops by vCPU (vCPUs)',
  bound: EMULATOR_OPS_BOUND,
  size: () => emulatorOpsRemembered,
  reset() {
    emulatorOps = new WeakMap()
    emulatorOpsRemembered = 0
  },
}

/** The KVM model's caches. */
export const kvmCaches: readonly Cache[] = [opsTablesCache, emulatorOpsCache]

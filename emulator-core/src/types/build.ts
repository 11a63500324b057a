/** Which host CPU vendor KVM runs on (VMX or SVM), and which guest CPUID vendor the guest sees. */
export type Vendor = 'intel' | 'amd'

/**
 * How a FEP-prefixed instruction runs.
 * `fep`: the prefix sends the next instruction through KVM's instruction emulator.
 * `native`: the prefix is skipped and the instruction runs as hardware would (the architectural
 * reference column).
 */
export type RunMode = 'fep' | 'native'

/** One kernel patch, modelled as a module that overrides only the functions the patch touched. */
export interface PatchInfo {
  /** Short id used in build stacks, e.g. `v3-05`. */
  id: string
  /** The patch subject as merged or posted. */
  subject: string
  /** Merged commit (12 hex digits) or the mail's Message-Id for unmerged versions. */
  commit: string
  /** Kernel functions this patch module overrides, by their kernel names. */
  overrides: string[]
  /** One line: what changes behaviourally (from docs/reference/kvm-db-semantics.md §3). */
  effect: string
}

/** A build: a base model plus an ordered stack of patch ids. */
export interface BuildInfo {
  /** `pre`, `post`, `v3-04`, or a custom stack such as `pre+v3-05`. */
  id: string
  /** The base model the stack applies to. */
  base: 'old-base' | 'pre'
  /** Patch ids, applied in order. */
  stack: string[]
  description: string
}

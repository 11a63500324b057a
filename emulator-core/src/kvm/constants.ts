// Constants of KVM's #DB / DR6 / DR7 handling (docs/reference/kvm-db-semantics.md §1; arch/x86/include/asm/debugreg.h,
// arch/x86/kvm/regs.h, include/uapi/linux/kvm.h).

// Exception vectors are architectural: one definition, the CPU's.
export {
  DE_VECTOR, DB_VECTOR, NMI_VECTOR, BP_VECTOR, OF_VECTOR, UD_VECTOR, DF_VECTOR, TS_VECTOR, NP_VECTOR, SS_VECTOR,
  GP_VECTOR, PF_VECTOR,
} from '../cpu/constants'

export const DR_TRAP_BITS = 0xfn
export const DR6_BUS_LOCK = 0x800n
/** Bit 12: "enabled breakpoint" in the VMX pending-debug field; never left set in DR6. */
export const DR6_BIT12 = 0x1000n
export const DR6_BD = 0x2000n
export const DR6_BS = 0x4000n
export const DR6_BT = 0x8000n
export const DR6_RTM = 0x10000n
export const DR6_ACTIVE_LOW = 0xffff0ff0n
export const DR6_VOLATILE = 0x0001e80fn
export const DR6_FIXED_1 = DR6_ACTIVE_LOW & ~DR6_VOLATILE
/** uapi DR6_RESERVED: the host value written to hardware DR6 (VMX sync). */
export const DR6_RESERVED = 0xffff0ff0n

export const DR7_BP_EN_MASK = 0xffn
export const DR7_GE = 0x200n
export const DR7_GD = 0x2000n
export const DR7_FIXED_1 = 0x400n
export const DR7_VOLATILE = 0xffff2bffn

export const X86_EFLAGS_TF = 0x100n
export const X86_EFLAGS_IF = 0x200n
export const X86_EFLAGS_RF = 0x10000n
export const X86_EFLAGS_FIXED = 0x2n

export const KVM_GUESTDBG_ENABLE = 0x1
export const KVM_GUESTDBG_SINGLESTEP = 0x2
export const KVM_GUESTDBG_USE_SW_BP = 0x10000
export const KVM_GUESTDBG_USE_HW_BP = 0x20000
export const KVM_GUESTDBG_INJECT_DB = 0x40000
export const KVM_GUESTDBG_INJECT_BP = 0x80000
export const KVM_GUESTDBG_BLOCKIRQ = 0x100000

/** KVM_GUESTDBG_* by their uapi names without the prefix (scenario spelling). */
export const GUESTDBG_FLAGS = {
  ENABLE: KVM_GUESTDBG_ENABLE,
  SINGLESTEP: KVM_GUESTDBG_SINGLESTEP,
  USE_SW_BP: KVM_GUESTDBG_USE_SW_BP,
  USE_HW_BP: KVM_GUESTDBG_USE_HW_BP,
  INJECT_DB: KVM_GUESTDBG_INJECT_DB,
  INJECT_BP: KVM_GUESTDBG_INJECT_BP,
  BLOCKIRQ: KVM_GUESTDBG_BLOCKIRQ,
} as const

export const KVM_CAP_EXCEPTION_PAYLOAD = 164
export const KVM_VCPUEVENT_VALID_NMI_PENDING = 0x1
export const KVM_VCPUEVENT_VALID_SIPI_VECTOR = 0x2
export const KVM_VCPUEVENT_VALID_SHADOW = 0x4
export const KVM_VCPUEVENT_VALID_SMM = 0x8
export const KVM_VCPUEVENT_VALID_PAYLOAD = 0x10

export const KVM_X86_SHADOW_INT_MOV_SS = 0x1
export const KVM_X86_SHADOW_INT_STI = 0x2

/** VMX "VM-entry failure due to invalid guest state" (SDM; docs/reference/kvm-db-semantics.md §1, not re-verified). */
export const VMX_ENTRY_FAIL_INVALID_GUEST_STATE = 0x80000021n
export const VMX_EXIT_REASON_EXCEPTION_NMI = 0n
/** VM-exit interruption information of an intercepted #DB: valid, hardware exception, vector 1. */
export const VMX_INTR_INFO_DB = 0x80000301n
/** SVM_EXIT_EXCP_BASE + DB_VECTOR. */
export const SVM_EXIT_EXCP_DB = 0x41n

/** The forced-emulation prefix: ud2; .ascii "kvm". */
export const KVM_FEP_BYTES = [0x0f, 0x0b, 0x6b, 0x76, 0x6d] as const

/** Vector mnemonics as scenarios spell them. */
export const VECTOR_NUMBERS = {
  DE: 0, DB: 1, NMI: 2, BP: 3, OF: 4, BR: 5, UD: 6, NM: 7, DF: 8, TS: 10, NP: 11, SS: 12, GP: 13, PF: 14, AC: 17,
} as const

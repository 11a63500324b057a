/** Architectural constants the CPU model uses (SDM Vol. 1 §3.4.3, Vol. 3 §2.5, §6, §18). */

/** RFLAGS bits. */
export const CF = 0x1
/** Bit 1 of RFLAGS reads as 1. */
export const RFLAGS_FIXED = 0x2
export const PF = 0x4
export const AF = 0x10
export const ZF = 0x40
export const SF = 0x80
export const TF = 0x100
export const IF = 0x200
export const DF = 0x400
export const OF = 0x800
export const IOPL = 0x3000
export const NT = 0x4000
export const RF = 0x10000
export const VM = 0x20000
export const AC = 0x40000
export const VIF = 0x80000
export const VIP = 0x100000
export const ID = 0x200000
/** The six arithmetic status flags. */
export const STATUS_FLAGS = CF | PF | AF | ZF | SF | OF
/** Every RFLAGS bit software can hold (bit 1 is fixed 1, the rest reserved 0). */
export const RFLAGS_DEFINED = STATUS_FLAGS | TF | IF | DF | IOPL | NT | RF | VM | AC | VIF | VIP | ID

/** Exception vectors (SDM Vol. 3 Table 6-1). */
export const DE_VECTOR = 0
export const DB_VECTOR = 1
export const NMI_VECTOR = 2
export const BP_VECTOR = 3
export const OF_VECTOR = 4
export const UD_VECTOR = 6
export const DF_VECTOR = 8
export const TS_VECTOR = 10
export const NP_VECTOR = 11
export const SS_VECTOR = 12
export const GP_VECTOR = 13
export const PF_VECTOR = 14
export const AC_VECTOR = 17

/** DR6 bits (docs/reference/kvm-db-semantics.md §1; SDM Vol. 3 §18.2.3). */
export const DR6_TRAP_BITS = 0xf
export const DR6_BUS_LOCK = 0x800
export const DR6_BD = 0x2000
export const DR6_BS = 0x4000
export const DR6_BT = 0x8000
export const DR6_RTM = 0x10000
/** Fixed-1 bits plus the inactive (1) active-low bits; also the DR6 reset value. */
export const DR6_ACTIVE_LOW = 0xffff0ff0
/** DR6 bits the CPU lets software change: B0-B3, BLD, BD, BS, BT, RTM. */
export const DR6_VOLATILE = 0x0001e80f

/** DR7 bits (docs/reference/kvm-db-semantics.md §1; SDM Vol. 3 §18.2.4). */
export const DR7_BP_EN_MASK = 0xff
export const DR7_GD = 0x2000
/** DR7 reset value (bit 10 reads as 1). */
export const DR7_FIXED_1 = 0x400
export const DR7_VOLATILE = 0xffff2bff

/** CR0/CR4 bits the model looks at. */
export const CR0_PE = 0x1
export const CR0_PG = 0x80000000
export const CR4_DE = 0x8
export const CR4_PAE = 0x20

/** EFER bits. */
export const EFER_SCE = 0x1
export const EFER_LME = 0x100
export const EFER_LMA = 0x400
export const EFER_NXE = 0x800

/** MSR indices. */
export const MSR_EFER = 0xc0000080
export const MSR_IA32_DEBUGCTL = 0x1d9
/** DEBUGCTL bits a guest may set: LBR (0), BTF (1), BUS_LOCK_DETECT (2). */
export const DEBUGCTL_VALID = 0x7n

/** #PF error code bits (SDM Vol. 3 §4.7). */
export const PFEC_PRESENT = 0x1
export const PFEC_WRITE = 0x2
export const PFEC_USER = 0x4
export const PFEC_FETCH = 0x10

import { Code, CodeExt, EncodingKind, MemorySize, MemorySizeExt, Mnemonic, OpCodeOperandKind as K } from 'iced-x86'

/** One encodable form of a mnemonic, from iced's OpCodeInfo (operands in Intel order). */
export interface OpcodeForm {
  code: Code
  /** Explicit operand kinds, Intel order (destination first). */
  operands: K[]
  /** Every operand kind, Intel order, including the implicit ones of string instructions. */
  allOperands: K[]
  /** String instructions: every operand is implicit and the user writes none. */
  implicitOperands: boolean
  /** Operation size in bits (8/16/32/64), 0 when the form has none (int, lgdt, mov to %cr0, …). */
  size: number
  /** push/pop/call/jmp: 64-bit is the default when nothing else fixes the size. */
  defaultsTo64: boolean
  /** Bytes the memory operand accesses (0 when none or unsized): what a memory-only operand list must agree on. */
  memoryBytes: number
  /** Far jmp/call through a segment:offset pointer in memory (GAS: ljmp/lcall). */
  farPointer: boolean
  /** Takes a LOCK prefix (with a memory destination). */
  lockable: boolean
  /** Needs REX.W: on a tie GAS prefers the form without it (movq (%rax),%xmm0 is f3 0f 7e, not 66 48 0f 6e). */
  rexW: boolean
}

const farPointerSizes = new Set<MemorySize>([MemorySize.SegPtr16, MemorySize.SegPtr32, MemorySize.SegPtr64])

const implicitKinds = new Set<K>([K.seg_rSI, K.es_rDI, K.seg_rDI, K.seg_rBX_al])
const byteKinds = new Set<K>([K.r8_or_mem, K.r8_reg, K.r8_opcode, K.al, K.cl])

/** Operand kinds the assembler can express; forms using others (VEX/EVEX, masks, vsib, bnd, tmm) are left out. */
const supportedKinds = new Set<K>([
  K.mem_offs, K.mem, K.r8_or_mem, K.r16_or_mem, K.r32_or_mem, K.r64_or_mem, K.mm_or_mem, K.xmm_or_mem,
  K.r8_reg, K.r8_opcode, K.r16_reg, K.r16_reg_mem, K.r16_rm, K.r16_opcode, K.r32_reg, K.r32_reg_mem, K.r32_rm,
  K.r32_opcode, K.r64_reg, K.r64_reg_mem, K.r64_rm, K.r64_opcode, K.seg_reg, K.mm_reg, K.mm_rm, K.xmm_reg, K.xmm_rm,
  K.cr_reg, K.dr_reg, K.tr_reg, K.es, K.cs, K.ss, K.ds, K.fs, K.gs, K.al, K.cl, K.ax, K.dx, K.eax, K.rax,
  K.imm8, K.imm8_const_1, K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm16, K.imm32, K.imm32sex64, K.imm64,
  K.br64_1, K.br64_4, K.xbegin_4, ...implicitKinds,
])

function formFor(code: Code): OpcodeForm | undefined {
  const info = CodeExt.opCode(code)
  try {
    if (!info.isInstruction || !info.mode64 || info.encoding !== EncodingKind.Legacy) return undefined
    const kinds: K[] = []
    for (let i = 0; i < info.opCount; i++) kinds.push(info.opKind(i))
    if (!kinds.every((k) => supportedKinds.has(k))) return undefined
    const implicitOperands = kinds.some((k) => implicitKinds.has(k))
    // Forms iced gives no operand size: byte forms are 8-bit; forced-64-bit ones (mov %cr0/%dr7, lgdt) take a q suffix.
    const size = info.operandSize || (kinds.some((k) => byteKinds.has(k)) ? 8 : info.forceOpSize64 ? 64 : 0)
    return {
      code,
      operands: implicitOperands ? [] : kinds,
      allOperands: kinds,
      implicitOperands,
      size,
      defaultsTo64: info.defaultOpSize64 || info.forceOpSize64,
      memoryBytes: MemorySizeExt.size(info.memorySize),
      farPointer: farPointerSizes.has(info.memorySize),
      lockable: info.canUseLockPrefix,
      rexW: info.operandSize === 64 && !info.defaultOpSize64 && !info.forceOpSize64,
    }
  } finally {
    info.free()
  }
}

/** Every 64-bit legacy form, keyed by iced's mnemonic in lower case; built once at load. */
const formsByMnemonic: ReadonlyMap<string, readonly OpcodeForm[]> = (() => {
  const table = new Map<string, OpcodeForm[]>()
  const mnemonicNames = new Map<number, string>()
  for (const [name, value] of Object.entries(Mnemonic)) {
    if (typeof value === 'number') mnemonicNames.set(value, name.toLowerCase())
  }
  for (const [name, value] of Object.entries(Code)) {
    if (typeof value !== 'number' || !Number.isNaN(Number(name))) continue
    const form = formFor(value)
    if (!form) continue
    const info = CodeExt.opCode(value)
    const mnemonic = mnemonicNames.get(info.mnemonic)!
    info.free()
    const list = table.get(mnemonic) ?? []
    list.push(form)
    table.set(mnemonic, list)
  }
  return table
})()

export function formsOf(icedMnemonic: string): readonly OpcodeForm[] {
  return formsByMnemonic.get(icedMnemonic) ?? []
}

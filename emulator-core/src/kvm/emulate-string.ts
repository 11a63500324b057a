/**
 * emulate.c: x86_emulate_insn() for the opcode-table entries flagged `String` (MOVS, STOS, LODS,
 * CMPS, SCAS, INS, OUTS) — the REP loop KVM runs itself, and the PIO read-ahead of INS
 * (pio_in_emulated()). What it does, in order (read at torvalds/linux arch/x86/kvm/emulate.c):
 * - REP with the count (address-size-masked RCX) already 0: finish, RIP past the instruction, RF cleared.
 * - Every REP iteration runs with RFLAGS.RF set in ctxt->eflags (set at special_insn).
 * - After an iteration RCX is decremented. A REPE/REPNE CMPS/SCAS whose condition ended it
 *   (string_insn_completed()) finishes: RIP past it, RF cleared.
 * - Otherwise — also when RCX just reached 0 — the instruction is not finished: with the read-ahead
 *   buffer still holding data, or (no buffer in use) RCX & 0x3ff != 0, it restarts in the kernel
 *   (EMULATION_RESTART); else it returns to the guest WITHOUT advancing RIP ("skip rip writeback"),
 *   RF set, and the guest re-executes the instruction (natively: a FEP prefix is not re-read) until
 *   a pass sees RCX = 0.
 * - x86_emulate_instruction() checks a pending PIO before EMULATION_RESTART: each OUTS element is
 *   one KVM_EXIT_IO; INS reads ahead up to min(bytes left in RDI's page, 1024 / size, RCX) elements
 *   in one KVM_EXIT_IO and consumes them after userspace answered (complete_emulated_pio()).
 */
import { Mnemonic, OpKind } from 'iced-x86'
import type { DecodedInsn, ExecEnv } from '../cpu/seam'
import { GP_VECTOR, X86_EFLAGS_RF } from './constants'
import { emulate_exception, X86EMUL_CONTINUE, type EmulateCtxt } from './emulate-ctxt'
import { shadowToUapi } from './interrupt-shadow'
import type { KvmVcpu } from './vcpu'

type StringKind = 'ins' | 'outs' | 'cmps-scas' | 'move'

const STRING_KINDS = new Map<Mnemonic, { kind: StringKind; size: number }>([
  [Mnemonic.Insb, { kind: 'ins', size: 1 }], [Mnemonic.Insw, { kind: 'ins', size: 2 }], [Mnemonic.Insd, { kind: 'ins', size: 4 }],
  [Mnemonic.Outsb, { kind: 'outs', size: 1 }], [Mnemonic.Outsw, { kind: 'outs', size: 2 }], [Mnemonic.Outsd, { kind: 'outs', size: 4 }],
  [Mnemonic.Cmpsb, { kind: 'cmps-scas', size: 1 }], [Mnemonic.Cmpsw, { kind: 'cmps-scas', size: 2 }], [Mnemonic.Cmpsd, { kind: 'cmps-scas', size: 4 }], [Mnemonic.Cmpsq, { kind: 'cmps-scas', size: 8 }],
  [Mnemonic.Scasb, { kind: 'cmps-scas', size: 1 }], [Mnemonic.Scasw, { kind: 'cmps-scas', size: 2 }], [Mnemonic.Scasd, { kind: 'cmps-scas', size: 4 }], [Mnemonic.Scasq, { kind: 'cmps-scas', size: 8 }],
  ...(['Movs', 'Stos', 'Lods'] as const).flatMap((base) =>
    (['b', 'w', 'd', 'q'] as const).map((suffix, n) => [(Mnemonic as unknown as Record<string, Mnemonic>)[`${base}${suffix}`], { kind: 'move' as StringKind, size: 1 << n }] as const),
  ),
])

/** The `String` entries of KVM's opcode table, or undefined for any other instruction. */
export function stringKind(insn: DecodedInsn): { kind: StringKind; size: number } | undefined {
  return STRING_KINDS.get(insn.mnemonic)
}

/** The instruction uses 32-bit addressing (0x67): ECX counts, ESI/EDI point. */
function addr32(insn: DecodedInsn): boolean {
  return insn.operands.some((o) => o.kind === OpKind.MemorySegESI || o.kind === OpKind.MemoryESEDI)
}

/** address_mask(ctxt, RCX) === 0. */
function countIsZero(vcpu: KvmVcpu, insn: DecodedInsn): boolean {
  const rcx = vcpu.cpu.getReg(1)
  return (addr32(insn) ? rcx & 0xffffffffn : rcx) === 0n
}

/** sizeof(struct read_cache.data) in emulate.c. */
const READ_CACHE_BYTES = 1024
const PAGE_SIZE = 4096n

/** emulate.c: pio_in_emulated() — how many INS elements one KVM_EXIT_IO reads ahead. */
function insReadAhead(vcpu: KvmVcpu, insn: DecodedInsn, size: number, eflags: bigint): number {
  if (!(insn.rep || insn.repne)) return 1
  const rcx = vcpu.cpu.getReg(1)
  const count = addr32(insn) ? rcx & 0xffffffffn : rcx
  const offset = vcpu.cpu.getReg(7) & (PAGE_SIZE - 1n)
  // in_page is in bytes (not elements), as the kernel computes it.
  const inPage = eflags & 0x400n ? offset : PAGE_SIZE - offset
  const n = [inPage, BigInt(READ_CACHE_BYTES / size), count].reduce((a, b) => (b < a ? b : a))
  return n === 0n ? 1 : Number(n)
}

/** One pass of the CPU model's semantics (one element) on ctxt->eflags; the outcome, with RFLAGS restored. */
function iterate(vcpu: KvmVcpu, ctxt: EmulateCtxt, insn: DecodedInsn, env: ExecEnv) {
  const raw = vcpu.cpu.getRflags()
  vcpu.cpu.setRflags(ctxt.eflags)
  const outcome = vcpu.cpu.executeDecoded(insn, env)
  vcpu.cpu.setRflags(raw)
  return outcome
}

/**
 * x86_emulate_insn() from the REP check to "done" for a String instruction (non-REP forms are one
 * pass). `vcpu.io_read` is the read-ahead buffer: INS consumes one element of it per pass.
 */
export function emulateString(vcpu: KvmVcpu, ctxt: EmulateCtxt, insn: DecodedInsn, { kind, size }: { kind: StringKind; size: number }, env: ExecEnv): number {
  const rep = insn.rep || insn.repne
  const next = insn.address + BigInt(insn.length)
  if (kind === 'ins' && !vcpu.io_read && !(rep && countIsZero(vcpu, insn))) {
    // check_perm_in() → emulator_io_permitted(): CPL > IOPL is #GP(0) (no TSS I/O bitmap here).
    if (vcpu.cpu.getCpl() > Number((ctxt.eflags >> 12n) & 3n)) return emulate_exception(ctxt, GP_VECTOR, 0, true)
    // The first pass only reads ahead: KVM_EXIT_IO, registers untouched until complete_emulated_pio().
    ctxt.pio = { port: Number(vcpu.cpu.getReg(2) & 0xffffn), direction: 'in' }
    ctxt.pio_read_ahead = insReadAhead(vcpu, insn, size, ctxt.eflags)
    return X86EMUL_CONTINUE
  }
  for (;;) {
    if (rep && countIsZero(vcpu, insn)) {
      // The CPU model's pass does nothing but the ECX = 0 register quirk (string_registers_quirk()).
      iterate(vcpu, ctxt, insn, env)
      ctxt.eip = next
      ctxt.eflags &= ~X86_EFLAGS_RF
      return X86EMUL_CONTINUE
    }
    if (rep) ctxt.eflags |= X86_EFLAGS_RF
    else ctxt.eflags &= ~X86_EFLAGS_RF
    const outcome = iterate(vcpu, ctxt, insn, env)
    if (outcome.kind === 'exception') {
      // The buffered data dies with the faulting instruction (the next INS reads ahead anew).
      vcpu.io_read = undefined
      return emulate_exception(ctxt, outcome.vector, outcome.errorCode ?? 0, outcome.errorCode !== undefined)
    }
    ctxt.eflags = outcome.rflags
    ctxt.interruptibility = shadowToUapi(outcome.shadow)
    if (kind === 'ins' && vcpu.io_read) vcpu.io_read.left--
    if (!rep) {
      ctxt.eip = outcome.nextRip
      if (kind === 'ins') vcpu.io_read = undefined
      return X86EMUL_CONTINUE
    }
    // The CPU model finished it with RCX left over: only a REPE/REPNE condition does that.
    if (kind === 'cmps-scas' && outcome.nextRip === next && !countIsZero(vcpu, insn)) {
      ctxt.eip = next
      ctxt.eflags &= ~X86_EFLAGS_RF
      return X86EMUL_CONTINUE
    }
    const buffered = kind === 'ins' && vcpu.io_read !== undefined
    const restart = buffered ? (vcpu.io_read?.left ?? 0) > 0 : (vcpu.cpu.getReg(1) & 0x3ffn) !== 0n
    if (!restart || ctxt.pio) {
      // Not finished: back to the guest on the instruction (a pending OUTS exit comes first).
      ctxt.eip = insn.address
      if (buffered) vcpu.io_read = undefined
      return X86EMUL_CONTINUE
    }
  }
}

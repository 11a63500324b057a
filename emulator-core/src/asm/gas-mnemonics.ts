import { sharedMnemonic } from './caches'
import { formsOf } from './opcode-table'

/** How a GAS mnemonic maps onto iced's: the iced name plus the sizes its AT&T spelling fixes. */
export interface MnemonicChoice {
  iced: string
  /** Operation size from a suffix (b=8, w=16, l=32, q=64). */
  size?: number
  /** movz/movs: the source operand's size (movzbl: 8). */
  sourceSize?: number
  /** `movabs`: only the imm64 and moffs forms of mov. */
  movabs?: boolean
  /** `ljmp`/`lcall`: only the far-pointer forms of jmp/call (plain jmp/call never take them). */
  far?: boolean
}

const suffixBits: Record<string, number> = { b: 8, w: 16, l: 32, q: 64 }

/** AT&T names that differ from iced's (Intel) mnemonics. */
const renamed: Record<string, string> = {
  cbtw: 'cbw', cwtl: 'cwde', cltq: 'cdqe', cwtd: 'cwd', cltd: 'cdq', cqto: 'cqo',
  icebp: 'int1', sal: 'shl', iret: 'iretd', iretl: 'iretd', iretw: 'iret', pushf: 'pushfq', popf: 'popfq', pushfw: 'pushf', popfw: 'popf',
  lret: 'retf', movsl: 'movsd', cmpsl: 'cmpsd', scasl: 'scasd', lodsl: 'lodsd', stosl: 'stosd', insl: 'insd',
  outsl: 'outsd', xlat: 'xlatb', loopz: 'loope', loopnz: 'loopne', movslq: 'movsxd', ud2a: 'ud2',
}

/** Condition-code spellings GAS accepts, mapped to iced's canonical one. */
const conditionAliases: Record<string, string> = {
  c: 'b', nae: 'b', nc: 'ae', nb: 'ae', z: 'e', nz: 'ne', na: 'be', nbe: 'a', pe: 'p', po: 'np', nge: 'l',
  nl: 'ge', ng: 'le', nle: 'g',
}

function canonicalName(name: string): string {
  if (Object.hasOwn(renamed, name)) return renamed[name]
  const conditional = /^(j|set|cmov)([a-z]+)$/.exec(name)
  if (conditional && Object.hasOwn(conditionAliases, conditional[2])) return conditional[1] + conditionAliases[conditional[2]]
  return name
}

/** Every reading of a GAS mnemonic that names at least one encodable form; empty when unknown. */
export function resolveMnemonic(name: string): MnemonicChoice[] {
  return sharedMnemonic(name.toLowerCase(), readMnemonic)
}

/** String instructions without a size suffix take it from their operands (`stos %rax,(%rdi)`). */
const unsizedStrings: Record<string, string[]> = {
  movs: ['movsb', 'movsw', 'movsd', 'movsq'], cmps: ['cmpsb', 'cmpsw', 'cmpsd', 'cmpsq'], scas: ['scasb', 'scasw', 'scasd', 'scasq'],
  lods: ['lodsb', 'lodsw', 'lodsd', 'lodsq'], stos: ['stosb', 'stosw', 'stosd', 'stosq'], ins: ['insb', 'insw', 'insd'],
  outs: ['outsb', 'outsw', 'outsd'],
}

function readMnemonic(lower: string): MnemonicChoice[] {
  if (Object.hasOwn(unsizedStrings, lower)) return unsizedStrings[lower].map((iced) => ({ iced }))
  // crc32's suffix names the source size (crc32b %al,%eax; crc32q (%rax),%r8).
  const crc = /^crc32([bwlq])$/.exec(lower)
  if (crc) return [{ iced: 'crc32', sourceSize: suffixBits[crc[1]] }]
  const far = /^l(jmp|call)([wlq]?)$/.exec(lower)
  if (far) return [{ iced: far[1], far: true, size: far[2] ? suffixBits[far[2]] : undefined }]
  if (lower === 'movabs' || /^movabs[bwlq]$/.test(lower)) {
    const size = lower.length > 6 ? suffixBits[lower[6]] : undefined
    return [{ iced: 'mov', size, movabs: true }]
  }
  const extend = /^mov([zs])([bwl])([wlq])?$/.exec(lower) ?? /^mov(s)(b|w|l)([wlq])$/.exec(lower)
  if (extend && !(extend[1] === 's' && extend[3] === undefined)) {
    const sourceSize = suffixBits[extend[2]]
    const size = extend[3] ? suffixBits[extend[3]] : undefined
    const iced = extend[1] === 'z' ? 'movzx' : sourceSize === 32 ? 'movsxd' : 'movsx'
    if (extend[1] === 'z' && sourceSize === 32) return []
    return [{ iced, size, sourceSize }]
  }
  const choices: MnemonicChoice[] = []
  const exact = canonicalName(lower)
  if (formsOf(exact).length > 0) choices.push({ iced: exact })
  const suffix = lower[lower.length - 1]
  if (lower.length > 1 && Object.hasOwn(suffixBits, suffix)) {
    const base = canonicalName(lower.slice(0, -1))
    if (base !== exact && formsOf(base).length > 0) choices.push({ iced: base, size: suffixBits[suffix] })
  }
  return choices
}

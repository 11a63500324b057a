// Monarch grammar for PatchLab's AT&T x86 dialect (with KVM_FEP), modelled on Compiler Explorer's asm-mode.
import type { languages } from 'monaco-editor/editor'

type Rule = languages.IMonarchLanguageRule

/** Mnemonics the guest programs use; anything else in opcode position still tokenizes, as `identifier`. */
export const MNEMONICS = [
  'mov', 'movq', 'movl', 'movw', 'movb', 'movabs', 'lea', 'leaq', 'push', 'pushq', 'pop', 'popq', 'pushf', 'pushfq',
  'popf', 'popfq', 'add', 'addq', 'sub', 'subq', 'and', 'andq', 'or', 'orq', 'xor', 'xorq', 'not', 'neg', 'inc',
  'dec', 'cmp', 'cmpq', 'test', 'testq', 'shl', 'shr', 'sar', 'bt', 'bts', 'btr', 'jmp', 'je', 'jne', 'jz', 'jnz',
  'jc', 'jnc', 'jb', 'jae', 'ja', 'jbe', 'jl', 'jge', 'jg', 'jle', 'js', 'jns', 'call', 'ret', 'iret', 'iretq', 'int',
  'int3', 'int1', 'into', 'ud2', 'hlt', 'nop', 'cpuid', 'rdmsr', 'wrmsr', 'in', 'out', 'inb', 'outb', 'cli', 'sti',
  'clc', 'stc', 'cld', 'std', 'syscall', 'sysret', 'vmcall', 'vmmcall', 'lidt', 'lgdt', 'sidt', 'sgdt', 'loop',
  'xchg', 'cmc', 'icebp', 'pause', 'rdtsc', 'mfence', 'lfence', 'sfence', 'swapgs', 'wbinvd', 'invlpg',
]

export const REGISTERS = [
  'rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15',
  'eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'esp', 'ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp', 'al',
  'bl', 'cl', 'dl', 'ah', 'bh', 'ch', 'dh', 'rip', 'eip', 'cs', 'ds', 'es', 'fs', 'gs', 'ss', 'cr0', 'cr2', 'cr3',
  'cr4', 'cr8', 'dr0', 'dr1', 'dr2', 'dr3', 'dr4', 'dr5', 'dr6', 'dr7',
  ...Array.from({ length: 8 }, (_, i) => [`r${i + 8}d`, `r${i + 8}w`, `r${i + 8}b`]).flat(),
]

/** The token rules for one line of assembly; shared by the standalone language and the scenario's asm block. */
export const asmLineRules: Rule[] = [
  [/^\s*[A-Za-z_.$][\w.$]*:/, 'type.identifier'],
  [/^\s*\d+:/, 'type.identifier'],
  [/\bKVM_FEP\b/, 'annotation'],
  [/\.[A-Za-z_]\w*/, 'keyword.directive'],
  [/%[a-z][a-z0-9]*/, { cases: { '@registers': 'variable.predefined', '@default': 'invalid' } }],
  [/\b\d+[bf]\b/, 'type.identifier'],
  [/[A-Za-z_][\w.]*/, { cases: { '@mnemonics': 'keyword', '@default': 'identifier' } }],
  [/\$?-?0[xX][0-9a-fA-F]+/, 'number.hex'],
  [/\$?-?\d+/, 'number'],
  [/(#|\/\/).*$/, 'comment'],
  [/[(),:$*+-]/, 'delimiter'],
  [/\s+/, 'white'],
]

const registerSet = REGISTERS.map((r) => `%${r}`)

export const x86AsmLanguage: languages.IMonarchLanguage = {
  ignoreCase: true,
  defaultToken: 'invalid',
  mnemonics: MNEMONICS,
  registers: registerSet,
  tokenizer: { root: asmLineRules },
}

// Monarch grammar for scenario YAML files whose `asm: |` block is highlighted as x86 AT&T assembly.
import type { languages } from 'monaco-editor/editor'
import { asmLineRules, x86AsmLanguage } from './x86asm'

type Rule = languages.IMonarchLanguageRule

/** The deepest `asm:` key indentation we track; scenario files put it at 2 (under `guest:`). */
const MAX_KEY_INDENT = 8

const yamlRules: Rule[] = [
  [/#.*$/, 'comment'],
  [/^(\s*)(- |)([\w.-]+)(\s*:)/, ['white', 'delimiter', 'type', 'delimiter']],
  [/\b(true|false|null|yes|no)\b/, 'keyword'],
  [/-?0[xX][0-9a-fA-F]+\b/, 'number.hex'],
  [/-?\d+(\.\d+)?\b/, 'number'],
  [/"([^"\\]|\\.)*"/, 'string'],
  [/'([^']|'')*'/, 'string'],
  [/[[\]{},|>-]/, 'delimiter'],
  [/[^\s#[\]{},]+/, 'string'],
  [/\s+/, 'white'],
]

/** One state per key indentation: the block ends at the first non-blank line indented no deeper than its key. */
function asmBlockStates(): Record<string, Rule[]> {
  const states: Record<string, Rule[]> = {}
  for (let indent = 0; indent <= MAX_KEY_INDENT; indent++)
    states[`asmBlock${indent}`] = [[new RegExp(`^ {0,${indent}}(?=\\S)`), { token: '@rematch', next: '@pop' }], ...asmLineRules]
  return states
}

const asmKeyRules: Rule[] = Array.from({ length: MAX_KEY_INDENT + 1 }, (_, indent): Rule => [
  new RegExp(`^( {${indent}})(asm)(\\s*:\\s*)(\\|[-+]?\\s*)$`),
  ['white', 'type', 'delimiter', { token: 'delimiter', next: `@asmBlock${indent}` }],
])

export const scenarioLanguage: languages.IMonarchLanguage = {
  ...x86AsmLanguage,
  ignoreCase: false,
  defaultToken: '',
  tokenizer: { root: [...asmKeyRules, ...yamlRules], ...asmBlockStates() },
}

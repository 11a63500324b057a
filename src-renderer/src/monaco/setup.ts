// Monaco with only what PatchLab uses, workers bundled by Vite (?worker), no CDN.
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/features/codicon/register'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/hover/register'
import 'monaco-editor/features/gotoError/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { scenarioLanguage } from './scenario-language'
import { x86AsmLanguage } from './x86asm'

self.MonacoEnvironment = { getWorker: () => new EditorWorker() }

export const X86_ASM = 'x86asm-att'
export const SCENARIO = 'patchlab-scenario'

monaco.languages.register({ id: X86_ASM, extensions: ['.s', '.S'] })
monaco.languages.setMonarchTokensProvider(X86_ASM, x86AsmLanguage)
monaco.languages.register({ id: SCENARIO, extensions: ['.yaml', '.yml'] })
monaco.languages.setMonarchTokensProvider(SCENARIO, scenarioLanguage)
monaco.languages.setLanguageConfiguration(SCENARIO, { comments: { lineComment: '#' } })

/** Monaco's light (`vs`) and dark (`vs-dark`) themes with the scenario grammar's own tokens coloured. */
export const THEMES = { light: 'patchlab', dark: 'patchlab-dark' } as const

monaco.editor.defineTheme(THEMES.light, {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'annotation', foreground: 'b3261e', fontStyle: 'bold' },
    { token: 'variable.predefined', foreground: '0b6e99' },
    { token: 'keyword.directive', foreground: '7a3e9d' },
    { token: 'type.identifier', foreground: '8a5a00', fontStyle: 'bold' },
  ],
  colors: {},
})
monaco.editor.defineTheme(THEMES.dark, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'annotation', foreground: 'ff7b72', fontStyle: 'bold' },
    { token: 'variable.predefined', foreground: '79c0ff' },
    { token: 'keyword.directive', foreground: 'd2a8ff' },
    { token: 'type.identifier', foreground: 'e3b341', fontStyle: 'bold' },
  ],
  colors: {},
})

export { monaco }

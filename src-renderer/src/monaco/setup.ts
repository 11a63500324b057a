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

monaco.editor.defineTheme('patchlab', {
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

export { monaco }

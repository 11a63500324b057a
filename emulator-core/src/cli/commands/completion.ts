import { NAMED_BUILDS, PATCHES } from '../../builds'
import type { Command } from '../command'
import { commandNames, loadCommand } from '../main'
import { UsageError, withUsageErrors } from '../usage'

const USAGE = `usage: patchlab completion bash|zsh

Prints a shell completion script: commands, each command's options, build and patch names after
--builds/--build/--from/--to, formats after --format, and file names elsewhere. Install with
  patchlab completion bash > ~/.local/share/bash-completion/completions/patchlab
  patchlab completion zsh > "\${fpath[1]}/_patchlab"

exit status: 0 printed, 2 unknown shell`

/** The options a command's usage text names (`--builds`, `--format`), for completion. */
function optionsOf(usage: string): string[] {
  return [...new Set(usage.match(/--[a-z][a-z-]*/g) ?? [])].sort()
}

const BUILD_OPTIONS = ['--builds', '--build', '--from', '--to']
const VALUES: Record<string, string> = {
  '--format': 'text md html json tap junit',
  '--mode': 'fep native',
  '--modes': 'fep native fep,native native,fep',
  '--vendor': 'intel amd',
  '--trailer': 'tested-by reviewed-by',
}

async function bashScript(): Promise<string> {
  const names = commandNames()
  const builds = [...NAMED_BUILDS.map((b) => b.id), ...PATCHES.map((p) => `pre+${p.id}`)].join(' ')
  const cases: string[] = []
  for (const n of names) cases.push(`    ${n}) opts="${optionsOf((await loadCommand(n)).usage).join(' ')} --help" ;;`)
  const values = Object.entries(VALUES).map(([o, v]) => `    ${o}) COMPREPLY=($(compgen -W "${v}" -- "$cur")); return ;;`)
  return `# bash completion for patchlab (patchlab completion bash)
_patchlab() {
  local cur prev cmd opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${names.join(' ')} help --version --help" -- "$cur")); return
  fi
  case "$prev" in
    ${BUILD_OPTIONS.join('|')}) COMPREPLY=($(compgen -W "${builds}" -- "$cur")); return ;;
${values.join('\n')}
  esac
  case "$cmd" in
${cases.join('\n')}
    help|completion) COMPREPLY=($(compgen -W "${names.join(' ')} bash zsh" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -o filenames -F _patchlab patchlab
`
}

async function zshScript(): Promise<string> {
  // zsh runs the bash function through bashcompinit: one script to keep right, not two.
  return `#compdef patchlab
# zsh completion for patchlab (patchlab completion zsh)
autoload -U +X bashcompinit && bashcompinit
${await bashScript()}`
}

const command: Command = {
  summary: 'print a bash or zsh completion script (commands, options, build names)',
  usage: USAGE,
  run: withUsageErrors('completion', USAGE, async (args) => {
    if (args.length !== 1 || (args[0] !== 'bash' && args[0] !== 'zsh')) throw new UsageError(`name a shell: bash or zsh${args[0] ? ` (got '${args[0]}')` : ''}`)
    process.stdout.write(args[0] === 'bash' ? await bashScript() : await zshScript())
    return 0
  }),
}

export default command

// One wording for every failure the app shows (run, matrix, bisect, explore): positions for the scenario's own
// errors, plain sentences otherwise; never an internal key or a stack.
import type { InputError } from '@patchlab/emulator-core/types'
import type { RunFailure } from '../../../src-main/ipc/contract'

/** The engine reports a bad build id against the pseudo-file `<build>` (the pickers, not the scenario). */
const BUILD_FIELD = '<build>'

export function inputErrorText(e: InputError): string {
  if (e.file === BUILD_FIELD) return `build: ${e.message}`
  const name = e.file.split(/[/\\]/).pop() ?? e.file
  return `${name}:${e.line}:${e.column}: ${e.key ? `${e.key}: ` : ''}${e.message}`
}

export function failureText(failure: RunFailure): string {
  if (failure.kind === 'input') return failure.errors.map(inputErrorText).join('\n')
  if (failure.kind === 'crashed') return `the engine worker crashed (${failure.message}); the next run starts a fresh one`
  return failure.message
}

/** A side whose build field is blank is refused before anything is sent, naming the field. */
export function blankBuildErrors(builds: readonly string[]): InputError[] {
  return builds.flatMap((build, i) =>
    build.trim()
      ? []
      : [{ file: BUILD_FIELD, line: 1, column: 1, message: `side ${i === 0 ? 'A' : 'B'} has no build: pick one (pre, post, v3-04 …) or type a stack such as pre+v3-05` }],
  )
}

import { readFile } from 'node:fs/promises'
import { UsageError } from '../cli/usage'
import { InputErrors, type Scenario } from '../types'

/** Reads and parses scenario files, collecting every file's errors before giving up. */
export async function readScenarios(files: readonly string[], parse: (text: string, file: string) => Scenario): Promise<Scenario[]> {
  const scenarios: Scenario[] = []
  const errors: InputErrors['errors'] = []
  for (const file of files) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      errors.push({ file, line: 1, column: 1, message: `cannot read the file: ${(error as Error).message}` })
      continue
    }
    try {
      scenarios.push(parse(text, file))
    } catch (error) {
      if (error instanceof InputErrors) errors.push(...error.errors)
      else throw error
    }
  }
  if (errors.length) throw new InputErrors(errors)
  return scenarios
}

/**
 * Prints a bad-input error the way every patchlab command does and returns exit status 2. Usage
 * errors go up to main(), which adds the command's usage line.
 */
export function reportInputError(command: string, error: unknown): number {
  if (error instanceof UsageError) throw error
  if (error instanceof InputErrors) process.stderr.write(`${error.message}\n`)
  else process.stderr.write(`patchlab ${command}: ${error instanceof Error ? error.message : String(error)}\n`)
  return 2
}

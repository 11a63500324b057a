import { existsSync } from 'node:fs'
import { isAbsolute, relative } from 'node:path'
import { globSync, isDynamicPattern } from 'tinyglobby'
import { UsageError } from './usage'

/**
 * The scenario files named on the command line: each argument as it is, or, when it is a glob the
 * shell left unexpanded (`'examples/s0*.yaml'`, or on shells without globbing), its matches in order.
 */
export function scenarioFiles(args: readonly string[]): string[] {
  const files: string[] = []
  for (const arg of args) {
    if (existsSync(arg) || !isDynamicPattern(arg)) {
      files.push(arg)
      continue
    }
    const matches = globSync(arg, { onlyFiles: true, expandDirectories: false }).sort()
    if (!matches.length) throw new UsageError(`no file matches '${arg}'`)
    files.push(...matches)
  }
  return files
}

/** A path as a report may show it: relative to the working directory when inside it, else the name. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file
  const rel = relative(process.cwd(), file)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file.split(/[/\\]/).pop()!
}

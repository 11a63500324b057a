import leven from 'leven'
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Bad command-line input: one line naming the problem, then the usage line; exit status 2. */
export class UsageError extends Error {}

/** The closest of `candidates` to `word` (edit distance at most 2, or a unique prefix), if any. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const prefixed = candidates.filter((c) => c.startsWith(word))
  if (word.length >= 2 && prefixed.length === 1) return prefixed[0]
  let best: string | undefined
  let bestDistance = 3
  for (const c of candidates) {
    const d = leven(word, c)
    if (d < bestDistance) [best, bestDistance] = [c, d]
  }
  return best
}

/** node:util parseArgs, whose errors become one-line UsageErrors with a did-you-mean for unknown options. */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config)
  } catch (error) {
    const e = error as Error & { code?: string }
    const known = Object.keys(config.options ?? {}).map((o) => `--${o}`)
    const option = /'(-[^' ]+)/.exec(e.message)?.[1]
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
      const name = option.split('=')[0]
      const guess = didYouMean(name, known)
      throw new UsageError(`unknown option '${name}'${guess ? `; did you mean '${guess}'?` : ''}`)
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      const takesValue = config.options?.[option.replace(/^--?/, '')]?.type === 'string'
      throw new UsageError(takesValue ? `option '${option}' needs a value` : `option '${option}' takes no value`)
    }
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument ${/'([^']*)'/.exec(e.message)?.[0] ?? ''}`.trim())
    throw new UsageError(e.message)
  }
}

/**
 * Wraps a command's run(): a UsageError becomes `patchlab <name>: <problem>` and the usage line on
 * stderr, exit status 2 — the same for every command, whether main() or a test calls it.
 */
export function withUsageErrors(name: string, usage: string, run: (args: string[]) => Promise<number>): (args: string[]) => Promise<number> {
  return async (args) => {
    try {
      return await run(args)
    } catch (error) {
      if (!(error instanceof UsageError)) throw error
      process.stderr.write(`patchlab ${name}: ${error.message}\n${usage.split('\n')[0]}\n`)
      return 2
    }
  }
}

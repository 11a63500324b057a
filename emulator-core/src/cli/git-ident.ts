import { execFileSync } from 'node:child_process'
import { UsageError } from './usage'

/** `Name <address>` from `git config user.name` / `user.email`, as b4 and `git commit -s` take it. */
export function gitIdent(): string {
  const get = (key: string): string => {
    try {
      return execFileSync('git', ['config', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
      return ''
    }
  }
  const name = get('user.name'), email = get('user.email')
  if (!name || !email) throw new UsageError("--trailer needs 'git config user.name' and 'git config user.email' to be set")
  return `${name} <${email}>`
}

import { execFileSync } from 'node:child_process'

/**
 * `Name <address>` from `git config user.name` / `user.email`, as `git commit -s` and b4 take it;
 * undefined when either is unset (or git is missing).
 */
export function gitIdent(): string | undefined {
  const get = (key: string): string => {
    try {
      return execFileSync('git', ['config', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
      return ''
    }
  }
  const name = get('user.name'), email = get('user.email')
  return name && email ? `${name} <${email}>` : undefined
}

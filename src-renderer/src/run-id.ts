/** A run id the handlers accept (`[A-Za-z0-9_-]`), unique enough within one session. */
export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

// What a failed request tells the page: one line, a 4xx status for anything the request caused, and never
// a stack trace, a schema dump or a local path. Unexpected errors are logged here and answered as 500.

/** Errors whose messages are written for the user, by name (the classes live with their handlers). */
const STATUS_BY_NAME: Record<string, number> = {
  PayloadError: 400,
  BodyError: 400,
  UnsavedScenarioError: 400,
  UnknownChannelError: 404,
  UnknownScenarioError: 404,
  UnknownRunError: 404,
  FileAccessError: 403,
  WriteFailedError: 409,
}

const MAX_MESSAGE = 400

export interface HttpFailure {
  status: number
  message: string
}

/** A request problem the bridge itself finds (bad body, too large, too many runs …). */
export class BodyError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message)
    this.name = 'BodyError'
  }
}

export function httpFailure(channel: string, error: unknown, log: (line: string) => void): HttpFailure {
  const name = error instanceof Error ? error.name : ''
  const status = error instanceof BodyError ? error.status : STATUS_BY_NAME[name]
  if (status === undefined) {
    log(`patchlab bridge: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return { status: 500, message: `${channel}: internal error (the server's log has the details)` }
  }
  return { status, message: oneLine((error as Error).message) }
}

/** First line only, local absolute paths cut to their file name, bounded length. */
export function oneLine(message: string): string {
  const first = message.split(/\r?\n/)[0]
  const withoutPaths = first.replace(/(?:file:\/\/)?(?:\/[\w.@+-]+){2,}\/([\w.@+-]+)/g, '$1')
  return withoutPaths.length > MAX_MESSAGE ? `${withoutPaths.slice(0, MAX_MESSAGE - 1)}…` : withoutPaths
}

import { parentPort } from 'node:worker_threads'

/** A worker's answer to one request: the value, or the handler's error message (never its stack, which names local paths). */
export type Answer<A> = { ok: A } | { error: string }

/** The worker side of WorkerPool: answers each posted request with `handle`'s result or error. */
export function serveRequests<Request, A>(handle: (request: Request) => A | Promise<A>): void {
  const port = parentPort
  if (!port) throw new Error('serveRequests() must run in a worker thread')
  port.on('message', async ({ id, request }: { id: number; request: Request }) => {
    let answer: Answer<A>
    try {
      answer = { ok: await handle(request) }
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) }
    }
    port.postMessage({ id, ...answer })
  })
}

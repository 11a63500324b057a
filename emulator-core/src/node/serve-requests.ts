import { parentPort } from 'node:worker_threads'

/** The worker side of WorkerPool: answers each posted request with `handle`'s result or error. */
export function serveRequests<Request, Answer>(handle: (request: Request) => Answer | Promise<Answer>): void {
  const port = parentPort
  if (!port) throw new Error('serveRequests() must run in a worker thread')
  port.on('message', async ({ id, request }: { id: number; request: Request }) => {
    try {
      port.postMessage({ id, ok: await handle(request) })
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) })
    }
  })
}

// Browser mode: the built renderer plus the same IPC handlers over HTTP, bound to 127.0.0.1 with a random
// token. POST /__ipc/<channel> carries one request; GET /__events is a server-sent-event stream of LabEvents.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { EventName, LabEvents } from '../ipc/contract'
import type { Dispatch } from '../ipc/dispatch'
import { CONTENT_SECURITY_POLICY } from '../security'

export interface BridgeOptions {
  /** Directory of the built renderer (out/renderer). */
  rendererDir: string
  dispatch: Dispatch
  /** 0 (the default) picks a free port. */
  port?: number
  token?: string
}

export interface Bridge {
  url: string
  port: number
  token: string
  emit<E extends EventName>(event: E, payload: LabEvents[E]): void
  close(): Promise<void>
}

export const TOKEN_HEADER = 'x-patchlab-token'
const MAX_BODY = 8 * 1024 * 1024

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const streams = new Set<ServerResponse>()
  let port = 0

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) }))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding guard: only the exact loopback origin we printed may talk to us.
    if (req.headers.host !== `127.0.0.1:${port}`) return sendJson(res, 421, { error: 'unexpected Host header' })
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname.startsWith('/__ipc/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' })
      if (!tokenMatches(req.headers[TOKEN_HEADER])) return sendJson(res, 403, { error: 'missing or wrong token' })
      const channel = decodeURIComponent(url.pathname.slice('/__ipc/'.length))
      let payload: unknown
      try {
        payload = JSON.parse(await readBody(req))
      } catch (e) {
        return sendJson(res, 400, { error: `request body is not JSON: ${e instanceof Error ? e.message : String(e)}` })
      }
      try {
        return sendJson(res, 200, { value: await options.dispatch(channel, payload) })
      } catch (e) {
        return sendJson(res, 500, { error: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error' })
      }
    }
    if (url.pathname === '/__events') {
      if (!tokenMatches(url.searchParams.get('token') ?? undefined)) return sendJson(res, 403, { error: 'missing or wrong token' })
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    return serveStatic(url.pathname, res)
  }

  function tokenMatches(given: string | string[] | undefined): boolean {
    if (typeof given !== 'string' || given.length !== token.length) return false
    return timingSafeEqual(Buffer.from(given), Buffer.from(token))
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '')
    const file = join(options.rendererDir, relative)
    if (relative.startsWith('..') || !file.startsWith(options.rendererDir + sep)) return sendJson(res, 404, { error: 'not found' })
    try {
      const body = await readFile(file)
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      })
      res.end(body)
    } catch {
      sendJson(res, 404, { error: 'not found' })
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
      for (const s of streams) s.write(frame)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('request body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

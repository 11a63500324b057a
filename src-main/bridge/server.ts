// Browser mode: the built renderer plus the same IPC handlers over HTTP, bound to 127.0.0.1 with a random
// token. POST /__ipc/<channel> carries one request; GET /__events is a server-sent-event stream of LabEvents.
// Every request needs the token (header, the printed URL's query, or the cookie that URL sets) and the exact
// loopback Host (DNS rebinding); IPC also needs a same-origin Origin, if any, and a JSON content type (a
// cross-site `text/plain` POST needs neither a preflight nor our token, so it is refused twice over).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { EventName, LabEvents } from '../ipc/contract'
import type { Dispatch } from '../ipc/dispatch'
import { CONTENT_SECURITY_POLICY } from '../security'
import { BodyError, httpFailure } from './http-errors'
import { readJsonBody } from './request-body'

export interface BridgeOptions {
  /** Directory of the built renderer (out/renderer). */
  rendererDir: string
  dispatch: Dispatch
  /** 0 (the default) picks a free port. */
  port?: number
  token?: string
  /** Time to receive a whole request (headers and body); a slow client gets 408 (default 30 s). */
  requestTimeoutMs?: number
  /** Runs (compare, matrix, bisect, fuzz) one client may have in progress at once (default 4). */
  maxRunsPerClient?: number
  /** Where unexpected handler errors are logged (default stderr). */
  log?: (line: string) => void
}

export interface Bridge {
  url: string
  port: number
  token: string
  emit<E extends EventName>(event: E, payload: LabEvents[E]): void
  close(): Promise<void>
}

export const TOKEN_HEADER = 'x-patchlab-token'
const TOKEN_COOKIE = 'patchlab_token'

/** Channels that occupy engine workers for a while; the rest answer at once. */
const RUN_CHANNELS = new Set(['runs:compare', 'runs:matrix', 'explore:bisect', 'explore:fuzz'])

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

const COMMON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' }

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const tokenDigest = digest(token)
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const maxRuns = options.maxRunsPerClient ?? 4
  const runsByClient = new Map<string, number>()
  const streams = new Set<ServerResponse>()
  let port = 0

  const requestTimeout = options.requestTimeoutMs ?? 30_000
  // Node checks for expired requests on this interval; the default (30 s) would make the timeout coarse.
  const server: Server = createServer({ requestTimeout, headersTimeout: Math.min(requestTimeout, 10_000), connectionsCheckingInterval: Math.min(requestTimeout / 4, 5_000) }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      const failure = httpFailure(channelOf(req), e, log)
      sendJson(res, failure.status, { error: failure.message })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = `http://127.0.0.1:${port}`
    // DNS rebinding guard: only the exact loopback origin we printed may talk to us.
    if (req.headers.host !== `127.0.0.1:${port}`) return sendJson(res, 421, { error: 'unexpected Host header' })
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return sendJson(res, 403, { error: 'cross-origin request refused' })
    const fetchSite = req.headers['sec-fetch-site']
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return sendJson(res, 403, { error: 'cross-site request refused' })
    const url = new URL(req.url ?? '/', origin)
    if (url.pathname.startsWith('/__ipc/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' })
      if (!tokenMatches(req.headers[TOKEN_HEADER])) return sendJson(res, 403, { error: 'missing or wrong token' })
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return sendJson(res, 415, { error: 'requests must be application/json' })
      return ipc(channelOf(req), req, res)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET only' })
    const fromQuery = url.searchParams.get('token') ?? undefined
    if (!tokenMatches(fromQuery) && !tokenMatches(cookie(req, TOKEN_COOKIE))) {
      return sendJson(res, 403, { error: 'missing or wrong token: open the URL `npm run serve` printed' })
    }
    if (url.pathname === '/__events') return events(req, res)
    // The printed URL's token becomes a same-site cookie, so the page's scripts, styles and workers load too.
    const setCookie: Record<string, string> = tokenMatches(fromQuery) ? { 'set-cookie': `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict` } : {}
    return serveStatic(url.pathname, res, setCookie)
  }

  async function ipc(channel: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = req.socket.remoteAddress ?? 'unknown'
    const isRun = RUN_CHANNELS.has(channel)
    if (isRun && (runsByClient.get(client) ?? 0) >= maxRuns) {
      req.resume()
      throw new BodyError(`too many runs in progress (at most ${maxRuns}); wait for one to finish or cancel it`, 429)
    }
    const payload = await readJsonBody(req).catch((e: unknown) => {
      // Past the size limit the rest of the body is not read: close the connection after answering.
      if (e instanceof BodyError && e.status === 413) res.setHeader('connection', 'close')
      throw e
    })
    if (isRun) runsByClient.set(client, (runsByClient.get(client) ?? 0) + 1)
    try {
      sendJson(res, 200, { value: await options.dispatch(channel, payload) })
    } finally {
      if (isRun) runsByClient.set(client, (runsByClient.get(client) ?? 1) - 1)
    }
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' })
    res.write(': connected\n\n')
    streams.add(res)
    req.on('close', () => streams.delete(res))
  }

  /** Constant time whatever the guess: both sides are hashed to the same length first. */
  function tokenMatches(given: string | string[] | undefined): boolean {
    return typeof given === 'string' && timingSafeEqual(digest(given), tokenDigest)
  }

  async function serveStatic(pathname: string, res: ServerResponse, extraHeaders: Record<string, string>): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '')
    const file = join(options.rendererDir, relative)
    if (relative.startsWith('..') || !file.startsWith(options.rendererDir + sep)) return sendJson(res, 404, { error: 'not found' })
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return sendJson(res, 404, { error: 'not found' })
    }
    res.writeHead(200, {
      ...COMMON_HEADERS,
      ...extraHeaders,
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    })
    res.end(body)
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

/** For error messages: the IPC channel a request was for, else 'request'. */
function channelOf(req: IncomingMessage): string {
  const path = (req.url ?? '').split('?')[0]
  if (!path.startsWith('/__ipc/')) return 'request'
  try {
    return decodeURIComponent(path.slice('/__ipc/'.length)).slice(0, 64)
  } catch {
    return 'request'
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end()
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

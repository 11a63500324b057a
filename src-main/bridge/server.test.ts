import { mkdtemp, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Handlers } from '../ipc/contract'
import { createDispatch } from '../ipc/dispatch'
import { oneLine } from './http-errors'
import { startBridge, TOKEN_HEADER } from './server'

interface Reply {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

const agent = new Agent({ keepAlive: false, maxSockets: Infinity })

function http(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

const json = { 'content-type': 'application/json' }
let logged: string[] = []
const gates: Array<() => void> = []

describe('HTTP bridge', async () => {
  const rendererDir = await mkdtemp(join(tmpdir(), 'patchlab-renderer-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>PatchLab</title>')
  const validating = createDispatch({} as Handlers)
  const bridge = await startBridge({
    rendererDir,
    log: (line) => logged.push(line),
    dispatch: async (channel, payload) => {
      if (channel === 'boom') throw new Error('handler failed at /home/someone/patchlab/src-main/x.ts:12\n    at stack line')
      // Held until the test releases it: a run that takes a while.
      if (channel === 'runs:compare' && (payload as { slow?: boolean }).slow) await new Promise<void>((r) => gates.push(r))
      if (channel !== 'builds:list') return validating(channel, payload)
      return { channel, payload }
    },
    requestTimeoutMs: 400,
  })
  afterAll(() => bridge.close())
  const ipc = (channel: string, body = '{}', headers: Record<string, string> = {}) =>
    http(bridge.port, `/__ipc/${channel}`, { method: 'POST', headers: { [TOKEN_HEADER]: bridge.token, ...json, ...headers }, body })

  it('binds to loopback and prints a tokened URL', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`)
    expect(bridge.token).toMatch(/^[0-9a-f]{48}$/)
  })

  it('dispatches with the right token only (any length of wrong token is refused, not an exception)', async () => {
    expect(await ipc('builds:list')).toMatchObject({ status: 200, body: '{"value":{"channel":"builds:list","payload":{}}}' })
    for (const wrong of ['wrong', '', bridge.token.slice(1), `${bridge.token}0`]) expect((await ipc('builds:list', '{}', { [TOKEN_HEADER]: wrong })).status).toBe(403)
    expect((await http(bridge.port, '/__ipc/builds:list', { method: 'POST', headers: json, body: '{}' })).status).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding), even localhost', async () => {
    expect((await http(bridge.port, '/', { headers: { host: 'evil.example' } })).status).toBe(421)
    expect((await ipc('builds:list', '{}', { host: `localhost:${bridge.port}` })).status).toBe(421)
  })

  it('refuses cross-origin and cross-site requests (CSRF), and text/plain bodies', async () => {
    expect(await ipc('builds:list', '{}', { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: '{"error":"cross-origin request refused"}' })
    expect((await ipc('builds:list', '{}', { origin: `http://127.0.0.1:${bridge.port}` })).status).toBe(200)
    expect((await ipc('builds:list', '{}', { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    // What a form or fetch(no-cors) from any page can send: no token, text/plain.
    const csrf = await http(bridge.port, '/__ipc/files:save-text', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'null' }, body: '{"path":"/tmp/x","text":"y"}' })
    expect(csrf.status).toBe(403)
    expect(await ipc('builds:list', '{}', { 'content-type': 'text/plain' })).toMatchObject({ status: 415, body: '{"error":"requests must be application/json"}' })
  })

  it('answers 413 past 8 MiB, declared or streamed', async () => {
    const big = Buffer.alloc(8 * 1024 * 1024 + 1, 0x20)
    expect(await ipc('builds:list', big as unknown as string)).toMatchObject({ status: 413, body: '{"error":"request body too large (at most 8 MiB)"}' })
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: bridge.port, path: '/__ipc/builds:list', method: 'POST', agent, headers: { [TOKEN_HEADER]: bridge.token, ...json, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      for (let i = 0; i < 9; i++) req.write(Buffer.alloc(1024 * 1024, 0x20))
      req.end()
    })
    expect(streamed).toBe(413)
  })

  it('refuses bodies that are not JSON or nest too deep', async () => {
    expect(await ipc('builds:list', 'not json')).toMatchObject({ status: 400, body: '{"error":"request body is not JSON"}' })
    expect(await ipc('builds:list', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toMatchObject({ status: 400, body: '{"error":"request JSON nests deeper than 32 levels"}' })
    expect((await ipc('builds:list', JSON.stringify({ text: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' }))).status).toBe(200)
  })

  it('answers a schema failure as 400 with one readable line (an empty build field)', async () => {
    const body = JSON.stringify({ runId: 'r1', text: 'x', file: '/s.yaml', sides: [{ build: '', mode: 'fep' }, { build: 'post', mode: 'fep' }] })
    expect(await ipc('runs:compare', body)).toMatchObject({ status: 400, body: '{"error":"runs:compare: invalid request: sides[0].build: give a build (e.g. pre, post or pre+v3-05)"}' })
    expect(await ipc('no:such', '{}')).toMatchObject({ status: 404, body: `{"error":"unknown IPC channel 'no:such'"}` })
  })

  it('answers an unexpected error as 500 without its stack or paths, and logs the details', async () => {
    logged = []
    expect(await ipc('boom')).toMatchObject({ status: 500, body: `{"error":"boom: internal error (the server's log has the details)"}` })
    expect(logged.join('\n')).toContain('handler failed at /home/someone/patchlab/src-main/x.ts:12')
  })

  it('cuts user-facing messages to one line without local paths', () => {
    expect(oneLine("could not open '/home/someone/lab/s3.yaml': no such file\n  at x")).toBe("could not open 's3.yaml': no such file")
    expect(oneLine('x'.repeat(1000))).toHaveLength(400)
  })

  it('serves the renderer with the CSP only with the token, which becomes a cookie; nothing outside it', async () => {
    expect((await http(bridge.port, '/')).status).toBe(403)
    const index = await http(bridge.port, `/?token=${bridge.token}`)
    expect(index.status).toBe(200)
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(index.headers['set-cookie']).toEqual([`patchlab_token=${bridge.token}; Path=/; HttpOnly; SameSite=Strict`])
    const cookie = { cookie: `patchlab_token=${bridge.token}` }
    expect((await http(bridge.port, '/index.html', { headers: cookie })).status).toBe(200)
    expect((await http(bridge.port, '/index.html', { headers: { cookie: 'patchlab_token=nope' } })).status).toBe(403)
    expect((await http(bridge.port, '/../../etc/passwd', { headers: cookie })).status).toBe(404)
    expect((await http(bridge.port, '/%2e%2e/%2e%2e/etc/passwd', { headers: cookie })).status).toBe(404)
  })

  it('streams events only with the token', async () => {
    expect((await http(bridge.port, '/__events')).status).toBe(403)
    const stream = await new Promise<{ status: number; type: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: bridge.port, path: `/__events?token=${bridge.token}`, agent }, (res) => {
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) })
        req.destroy()
      })
      req.on('error', () => undefined)
      req.on('close', () => undefined)
      req.end()
      setTimeout(() => reject(new Error('no answer')), 2000)
    })
    expect(stream).toEqual({ status: 200, type: 'text/event-stream' })
  })

  it('times out a request whose body never finishes (408)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: bridge.port, path: '/__ipc/builds:list', method: 'POST', agent, headers: { [TOKEN_HEADER]: bridge.token, ...json, 'content-length': '100' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.write('{"a":')
    })
    expect(status).toBe(408)
  })

  it('limits runs in progress per client (429) and stays responsive under 200 concurrent requests', async () => {
    const slow = JSON.stringify({ slow: true })
    const runs = Array.from({ length: 200 }, () => ipc('runs:compare', slow))
    const quick = Array.from({ length: 200 }, () => ipc('builds:list'))
    const started = Date.now()
    const answered = await Promise.all(quick)
    expect(answered.every((r) => r.status === 200)).toBe(true)
    // The 196 runs over the limit are refused at once, while four are still in progress.
    const refused = await Promise.all(runs.slice(4))
    expect(refused.filter((r) => r.status === 429)).toHaveLength(196)
    expect(refused[0].body).toBe('{"error":"too many runs in progress (at most 4); wait for one to finish or cancel it"}')
    expect(Date.now() - started).toBeLessThan(5_000)
    while (gates.length < 4) await new Promise((r) => setTimeout(r, 10))
    gates.splice(0).forEach((release) => release())
    expect((await Promise.all(runs.slice(0, 4))).map((r) => r.status)).toEqual([400, 400, 400, 400])
    // Slots are free again.
    expect((await ipc('runs:compare', '{}')).status).toBe(400)
  }, 20_000)
})

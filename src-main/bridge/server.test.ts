import { mkdtemp, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startBridge, TOKEN_HEADER } from './server'

function http(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('HTTP bridge', async () => {
  const rendererDir = await mkdtemp(join(tmpdir(), 'patchlab-renderer-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>PatchLab</title>')
  const bridge = await startBridge({
    rendererDir,
    dispatch: async (channel, payload) => {
      if (channel === 'boom') throw new Error('handler failed')
      return { channel, payload }
    },
  })
  afterAll(() => bridge.close())
  const ipc = (channel: string, token: string, body = '{}') => http(bridge.port, `/__ipc/${channel}`, { method: 'POST', headers: { [TOKEN_HEADER]: token }, body })

  it('binds to loopback and prints a tokened URL', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`)
    expect(bridge.token).toMatch(/^[0-9a-f]{48}$/)
  })

  it('dispatches with the right token only', async () => {
    expect(await ipc('builds:list', bridge.token)).toMatchObject({ status: 200, body: '{"value":{"channel":"builds:list","payload":{}}}' })
    expect((await ipc('builds:list', 'wrong')).status).toBe(403)
    expect((await ipc('builds:list', bridge.token, 'not json')).status).toBe(400)
    expect(await ipc('boom', bridge.token)).toMatchObject({ status: 500, body: '{"error":"handler failed","name":"Error"}' })
  })

  it('serves the renderer with the CSP header, and nothing outside it', async () => {
    const index = await http(bridge.port, '/')
    expect(index.status).toBe(200)
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'")
    expect((await http(bridge.port, '/../../etc/passwd')).status).toBe(404)
    expect((await http(bridge.port, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await http(bridge.port, '/', { headers: { host: 'evil.example' } })).status).toBe(421)
  })
})

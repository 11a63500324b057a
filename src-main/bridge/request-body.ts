// Reading a request body as JSON with bounds: size (413 past it), nesting depth, and valid JSON.
import type { IncomingMessage } from 'node:http'
import { BodyError } from './http-errors'

export const MAX_BODY_BYTES = 8 * 1024 * 1024
/** Deeper than any IPC payload (the deepest, a run request, nests 4 levels); bounds recursive walks after parsing. */
export const MAX_JSON_DEPTH = 32

export function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const tooLarge = () => new BodyError(`request body too large (at most ${maxBytes / (1024 * 1024)} MiB)`, 413)
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > maxBytes) {
        req.removeAllListeners('data')
        req.resume()
        reject(tooLarge())
      } else chunks.push(c)
    })
    req.on('end', () => {
      try {
        resolve(parseBounded(Buffer.concat(chunks).toString('utf8')))
      } catch (e) {
        reject(e)
      }
    })
    req.on('error', reject)
  })
}

function parseBounded(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new BodyError(`request JSON nests deeper than ${MAX_JSON_DEPTH} levels`)
  try {
    return JSON.parse(text)
  } catch {
    throw new BodyError('request body is not JSON')
  }
}

/** Deepest bracket nesting outside strings, in one pass (before JSON.parse builds anything). */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

import { describe, expect, it } from 'vitest'
import { isTrustedAppUrl } from './security'

describe('isTrustedAppUrl', () => {
  it('trusts the app origin only', () => {
    expect(isTrustedAppUrl('app://lab/index.html')).toBe(true)
    expect(isTrustedAppUrl('app://lab.evil/index.html')).toBe(false)
    expect(isTrustedAppUrl('not a url')).toBe(false)
    expect(isTrustedAppUrl(undefined)).toBe(false)
  })

  it('trusts a loopback dev server only when one is configured, by exact origin', () => {
    expect(isTrustedAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedAppUrl('http://localhost:5173/', undefined)).toBe(false)
    expect(isTrustedAppUrl('https://example.com/', 'https://example.com')).toBe(false)
  })
})

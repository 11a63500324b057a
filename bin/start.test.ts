import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
// With the binary already unpacked the installer has nothing to download, so nothing can fail.
const installed = existsSync(join(electronDir, 'dist', 'version'))

describe('npm start without a reachable Electron download', () => {
  it.skipIf(installed)('prints one paragraph (what failed, ELECTRON_MIRROR, the cache, npm run serve), no stack trace, exit 1', () => {
    const env = {
      ...process.env,
      // Forced to fail: a mirror on a closed local port and an empty cache.
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: mkdtempSync(join(tmpdir(), 'patchlab-electron-cache-')),
    }
    const result = spawnSync(process.execPath, [new URL('./start.mjs', import.meta.url).pathname], { env, encoding: 'utf8', input: '' })
    expect(result.status).toBe(1)
    const lines = result.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^PatchLab could not download Electron \d+\.\d+\.\d+, the desktop shell \(.+\)\.$/)
    expect(result.stderr).toContain('ELECTRON_MIRROR=')
    expect(result.stderr).toContain('electron_config_cache=')
    expect(result.stderr).toContain('npm run serve')
    expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(lines.length).toBeLessThanOrEqual(5)
  }, 60_000)
})

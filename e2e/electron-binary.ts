// Finds an Electron binary WITHOUT require('electron') (which, from v42 on, tries to download one).
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export function findElectronBinary(): string | undefined {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) return existsSync(join(override, 'electron')) ? join(override, 'electron') : undefined
  const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(exe) ? exe : undefined
}

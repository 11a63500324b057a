// The app's layering rule (docs/app.md), checked over the import lines of every source file, since the
// ESLint config is shared: only main's entry, the IPC registration and the preload may import electron;
// the renderer reaches src-main only through the contract and never imports node:* modules; everything
// outside emulator-core reaches the engine only through the entry points its package.json exports
// (docs/architecture.md).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const ELECTRON_ALLOWED = ['src-main/index.ts', 'src-main/ipc/register.ts', 'src-main/preload/index.ts']

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|vue)$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
}

/** Every code file outside the engine package that may use it, tests and plain .mjs scripts included. */
function engineClients(): string[] {
  return ['src-main', 'src-renderer/src', 'bench', 'e2e', 'examples', 'bin'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|vue|mjs|js)$/.test(e.name))
      .map((e) => relative(root, join(e.parentPath, e.name))),
  )
}

/** Module specifiers of a file: static imports and re-exports, dynamic import() and new URL() of a script. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const found = text.matchAll(/(?:\bfrom\s+|^\s*import\s+|\bimport\s*\(\s*)['"]([^'"]+)['"]|\bnew URL\(\s*['"]([^'"]+\.(?:ts|mjs|js))['"]/gm)
  return [...found].map((m) => m[1] ?? m[2])
}

const ENGINE = '@patchlab/emulator-core'
const { exports: engineExports } = JSON.parse(readFileSync(join(root, 'emulator-core/package.json'), 'utf8')) as { exports: Record<string, string> }

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2])
}

describe('layering', () => {
  it('sees the files and their imports (the checks below are not vacuous)', () => {
    expect(sources('src-renderer/src')).toContain('src-renderer/src/App.vue')
    expect(imports('src-renderer/src/ipc/lab.ts')).toEqual(['../../../src-main/ipc/contract', './http-bridge'])
    expect(imports('src-main/ipc/register.ts')).toEqual(['electron', './contract', './dispatch'])
  })

  it('imports electron only from main, register and preload', () => {
    const offenders = [...sources('src-main'), ...sources('src-renderer/src')].filter((f) => !ELECTRON_ALLOWED.includes(f) && imports(f).some((i) => i === 'electron' || i.startsWith('electron/')))
    expect(offenders).toEqual([])
  })

  it('keeps the preload to electron and the contract', () => {
    expect(imports('src-main/preload/index.ts').filter((i) => i !== 'electron' && i !== '../ipc/contract')).toEqual([])
  })

  it('keeps the renderer off node:* and off src-main except the contract', () => {
    const bad = sources('src-renderer/src').flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('node:') || (i.includes('src-main/') && !i.endsWith('src-main/ipc/contract')))
        .map((i) => `${f}: ${i}`),
    )
    expect(bad).toEqual([])
  })

  it('reaches the engine only through the entry points of its exports map, never by a path into emulator-core/', () => {
    const uses = engineClients().flatMap((f) => specifiers(f).map((spec) => ({ f, spec })))
    expect(uses.filter((u) => u.spec.startsWith(ENGINE)).length).toBeGreaterThan(40)
    const deep = uses.filter((u) => u.spec.includes('emulator-core/') && !u.spec.startsWith(`${ENGINE}/`)).map((u) => `${u.f}: ${u.spec}`)
    expect(deep).toEqual([])
    const unexported = uses.filter((u) => u.spec.startsWith(ENGINE) && !(`.${u.spec.slice(ENGINE.length)}` in engineExports)).map((u) => `${u.f}: ${u.spec}`)
    expect(unexported).toEqual([])
  })

  it('keeps the renderer off the engine\'s Node-only entry points', () => {
    const bad = sources('src-renderer/src').flatMap((f) => imports(f).filter((i) => i === `${ENGINE}/node` || i === `${ENGINE}/cli`).map((i) => `${f}: ${i}`))
    expect(bad).toEqual([])
  })

  it('exports entry points that exist', () => {
    expect(Object.values(engineExports).filter((t) => !existsSync(join(root, 'emulator-core', t)))).toEqual([])
  })
})

// The CLI from a production install (issue 14 §4): a copy of the tracked tree, `npm ci --omit=dev`, then
// `npx patchlab compare` and a fuzz run on worker threads, with only the production dependencies present.
// tsx (a dependency, not a dev one) loads the TypeScript engine in the main thread and in every worker.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const dir = mkdtempSync(join(tmpdir(), 'patchlab-prod-'))
// Every step has a bound, so a stuck install fails the test instead of hanging CI.
const STEP_MS = 90_000

/** The repository as a clone has it: tracked files plus new ones not ignored (the work tree under test). */
function copyTree(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  for (const file of files.split('\0').filter((f) => f && existsSync(join(root, f)))) {
    mkdirSync(dirname(join(to, file)), { recursive: true })
    cpSync(join(root, file), join(to, file))
  }
}

function run(command: string, args: string[]) {
  // VITEST* and NODE_ENV would leak the test runner's mode into npm and the CLI.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'NODE_OPTIONS'))
  return spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', timeout: STEP_MS })
}

describe('production install', () => {
  beforeAll(() => {
    copyTree(dir)
    // --prefer-offline: the packages come from npm's cache, which the development install filled.
    const install = run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'])
    expect(install.status, install.stderr).toBe(0)
  }, STEP_MS)

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('holds the production dependencies only', () => {
    for (const dep of ['tsx', 'iced-x86', 'yaml', 'zod', '@patchlab/emulator-core']) expect(existsSync(join(dir, 'node_modules', dep)), dep).toBe(true)
    for (const dev of ['vitest', 'typescript', 'vite', 'electron', 'fast-check']) expect(existsSync(join(dir, 'node_modules', dev)), dev).toBe(false)
  })

  it('runs `npx patchlab compare` on S3: pre has no exit, post exits with DR6 0xffff2ff0 (docs/reference/kvm-db-semantics.md S3)', () => {
    const compare = run('npx', ['--no', 'patchlab', 'compare', 'examples/s03-gd-fep-host-use-hw-bp.yaml', '--builds', 'pre,post'])
    expect(compare.stderr).toBe('')
    // 3: the builds diverge (README, "The CLI").
    expect(compare.status).toBe(3)
    expect(compare.stdout).toContain('Result: post/fep diverges from pre/fep.')
    expect(compare.stdout).toMatch(/exits\[0\] +\(none\) -> DEBUG\(pc=0x[0-9a-f]+,dr6=0xffff2ff0\)/)
  }, STEP_MS)

  it('runs `npx patchlab fuzz` on two worker threads (worker-boot.mjs registers tsx in each)', () => {
    const fuzz = run('npx', ['--no', 'patchlab', 'fuzz', '--builds', 'pre,post', '--seed', '1', '--count', '64', '--jobs', '2', '--format', 'json'])
    // 3: the campaign found divergences (fuzz exits as compare does).
    expect(fuzz.status, fuzz.stderr).toBe(3)
    const report = JSON.parse(fuzz.stdout) as { cases: number; rejected: number; clusters: unknown[] }
    expect(report.cases).toBe(64)
    expect(report.rejected).toBe(0)
    expect(report.clusters.length).toBeGreaterThan(0)
  }, STEP_MS)
})

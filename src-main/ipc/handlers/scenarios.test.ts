import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputErrors } from '@patchlab/emulator-core/types'
import type { Engine } from './engine'
import type { EngineWorkers } from './engine-workers'
import { runEngineTask } from './engine-tasks'
import { createScenariosHandlers, UnknownScenarioError } from './scenarios'

const engine = {
  listBuilds: () => [{ id: 'pre', base: 'pre' as const, stack: [], description: 'before' }],
  parseScenario: (text: string, file: string) => {
    if (text.includes('bad')) throw new InputErrors([{ file, line: 3, column: 5, key: 'guest.asm', message: 'unknown instruction' }])
    return {} as never
  },
} as unknown as Engine

/** The worker protocol without threads: the same runEngineTask, answered in-process. */
const inProcessWorkers: Pick<EngineWorkers, 'start'> = {
  start: (task) => ({ result: Promise.resolve(runEngineTask(engine, task)), cancel: () => undefined }),
}

describe('scenarios handlers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'patchlab-examples-'))
  await writeFile(join(dir, 's3.yaml'), 'name: s3\n')
  await writeFile(join(dir, 'notes.txt'), 'not a scenario')
  const scenarios = createScenariosHandlers({ engine, workers: inProcessWorkers, examplesDir: dir })

  it('lists the yaml examples only', async () => {
    expect(await scenarios['scenarios:list']({})).toEqual([{ id: 'example:s3.yaml', name: 's3', path: join(dir, 's3.yaml'), origin: 'example' }])
  })

  it('reads a listed example, and nothing else', async () => {
    expect(await scenarios['scenarios:read']({ id: 'example:s3.yaml' })).toEqual({ path: join(dir, 's3.yaml'), name: 's3.yaml', text: 'name: s3\n' })
    await expect(scenarios['scenarios:read']({ id: 'example:../../etc/passwd' })).rejects.toBeInstanceOf(UnknownScenarioError)
  })

  it('returns input errors with their positions', async () => {
    expect(await scenarios['scenarios:check']({ text: 'bad', file: 'x.yaml' })).toEqual({
      errors: [{ file: 'x.yaml', line: 3, column: 5, key: 'guest.asm', message: 'unknown instruction' }],
    })
    expect(await scenarios['scenarios:check']({ text: 'good', file: 'x.yaml' })).toEqual({ errors: [] })
  })

  it('lists builds from the engine', () => {
    expect(scenarios['builds:list']({})).toEqual(engine.listBuilds())
  })
})

describe('scenarios:assemble with the engine', async () => {
  const { readFile } = await import('node:fs/promises')
  const { engine: realEngine } = await import('./engine')
  const workers: Pick<EngineWorkers, 'start'> = {
    start: (task) => ({ result: Promise.resolve(runEngineTask(realEngine, task)), cancel: () => undefined }),
  }
  const scenarios = createScenariosHandlers({ engine: realEngine, workers, examplesDir: '/nonexistent' })
  const file = join(import.meta.dirname, '../../../examples/s03-gd-fep-host-use-hw-bp.yaml')

  it('turns S3 into its flat binary: KVM_FEP (ud2; "kvm"), mov %dr0,%rax (0f 21 /r), hlt', async () => {
    expect(await scenarios['scenarios:assemble']({ text: await readFile(file, 'utf8'), file })).toEqual({
      ok: true,
      bytes: [0x0f, 0x0b, 0x6b, 0x76, 0x6d, 0x0f, 0x21, 0xc0, 0xf4],
    })
  })

  it('returns assembler errors with their scenario line', async () => {
    const text = 'schema: patchlab.scenario/1\nname: x\nguest:\n  asm: |\n    nop\n    bogus %rax\n'
    const response = await scenarios['scenarios:assemble']({ text, file: 'x.yaml' })
    expect(response.ok).toBe(false)
    if (!response.ok) expect(response.errors[0]).toMatchObject({ file: 'x.yaml', line: 6, key: 'guest.asm' })
  })
})

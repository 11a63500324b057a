// Electron IPC uses structured clone and the bridge uses JSON: every payload must survive both unchanged.
import { describe, expect, it } from 'vitest'
import type { Channel, Req } from './contract'
import { CHANNELS } from './contract'
import { requestSchemas } from './schemas'

const samples: { [C in Channel]: Req<C> } = {
  'builds:list': {},
  'scenarios:list': {},
  'scenarios:read': { id: 'example:s3.yaml' },
  'scenarios:check': { text: 'name: x\n', file: 's3.yaml' },
  'scenarios:assemble': { text: 'name: x\n', file: 's3.yaml' },
  'runs:compare': {
    runId: 'run-1',
    text: 'name: x\n',
    file: 's3.yaml',
    sides: [{ build: 'pre', mode: 'fep' }, { build: 'pre+v3-05', mode: 'native' }],
    vendor: 'amd',
    knobs: { exception_payload: true },
    instructionBudget: 100000,
  },
  'runs:matrix': { runId: 'run-2', text: 'name: x\n', file: 's3.yaml', builds: ['pre', 'post'] },
  'runs:cancel': { runId: 'run-1' },
  'explore:bisect': { runId: 'run-3', text: 'name: x\n', file: 's3.yaml', sides: [{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'fep' }], vendor: 'intel' },
  'explore:fuzz': { runId: 'fuzz-1', builds: ['pre', 'post'], seed: 1, count: 200, mode: 'fep' },
  'explore:stop': { runId: 'fuzz-1' },
  'reports:render': { runId: 'run-1', format: 'html' },
  'files:choose-open': { kind: 'binary' },
  'files:choose-save': { suggestedName: 'report.txt' },
  'files:open-text': { path: '/tmp/s.yaml' },
  'files:save-text': { path: '/tmp/s.yaml', text: 'x' },
  'files:open-binary': { path: '/tmp/g.bin' },
  'files:save-binary': { path: '/tmp/g.bin', bytes: [0x0f, 0x21, 0xc0] },
  'files:recent': {},
  'files:autosave': { key: 'untitled.yaml', text: 'x' },
  'files:autosaved': { key: 'untitled.yaml' },
  'files:discard-autosave': { key: 'untitled.yaml' },
}

describe('request payloads', () => {
  it.each([...CHANNELS])('%s: identical after JSON and after structuredClone, and valid', (channel) => {
    const sample = samples[channel]
    const viaJson: unknown = JSON.parse(JSON.stringify(sample))
    expect(viaJson).toEqual(sample)
    expect(structuredClone(sample)).toEqual(viaJson)
    expect(requestSchemas[channel].safeParse(viaJson).success).toBe(true)
  })
})

describe('response payloads', () => {
  it('a real S3 comparison (pre vs post) is plain data: JSON and structuredClone agree', async () => {
    const { readFileSync } = await import('node:fs')
    const { engine } = await import('./handlers/engine')
    const file = new URL('../../examples/s03-gd-fep-host-use-hw-bp.yaml', import.meta.url).pathname
    const scenario = engine.parseScenario(readFileSync(file, 'utf8'), file)
    const compare = engine.compareTraces(scenario, engine.runScenario(scenario, { build: 'pre', mode: 'fep' }), engine.runScenario(scenario, { build: 'post', mode: 'fep' }))
    const viaJson: unknown = JSON.parse(JSON.stringify(compare))
    expect(viaJson).toEqual(compare)
    expect(structuredClone(compare)).toEqual(viaJson)
  })
})

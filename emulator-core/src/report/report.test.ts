import { describe, expect, it } from 'vitest'
import { compareTraces } from '../compare'
import { S3_SOURCE, s12Post, s12Pre, s1Post, s1Pre, s3Post, s3Pre, s3nPost, s3nPre } from '../compare/__fixtures__/traces'
import type { CompareResult, Trace } from '../types'
import { REPORT_FORMATS, renderReport, type ReportFormat } from './index'

const s3 = compareTraces({ name: 'S3: GD on an emulated MOV from DR0 under host USE_HW_BP', file: 'examples/s03-gd-host-use-hw-bp.yaml', source: S3_SOURCE }, s3Pre, s3Post)
const s1 = compareTraces({ name: 'S1: emulated MOV from DR0 with guest DR7.GD' }, s1Pre, s1Post)
const s12 = compareTraces({ name: 'S12: emulated STI with TF=1 (VMX pending-debug check)' }, s12Pre, s12Post)
const s3n = compareTraces({ name: 'S3n: native MOV DR exit under host USE_HW_BP' }, s3nPre, s3nPost)

/** Everything a renderer must survive: markup, tabs, long lines, pipes and backticks in user text. */
const hostile: CompareResult = compareTraces(
  {
    name: `<script>alert("x")</script> | a *very* long scenario name that keeps going well past eighty columns & more`,
    file: 'examples/some/deeply/nested/directory/with-a-very-long-scenario-file-name-indeed.yaml',
    source: `name: "<b>bold</b> | pipe"\nguest:\n\tasm: |\n\t\tmov %dr0, %rax   # a comment long enough to need folding at the width of a mail line, really\n\`\`\`\n`,
  },
  { ...s3Pre, build: 'pre+v3-04+v3-05', stack: ['v3-04', 'v3-05'] },
  { ...s3Post, mode: 'native', vmm: [{ action: 'get_vcpu_events', result: { exception_has_payload: 1, exception_payload: '0x2000', flags: '0x10', pending: 1, injected: 0, nr: 1 } }] } as Trace,
)

/** A deep copy with every object's keys inserted in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]))
}

const snapshots: Array<[string, CompareResult, ReportFormat[]]> = [
  ['s3', s3, [...REPORT_FORMATS]],
  ['s1', s1, ['text', 'md']],
  ['s12', s12, ['text', 'html']],
  ['s3n', s3n, ['text']],
]
const EXTENSION: Record<ReportFormat, string> = { text: 'txt', md: 'md', html: 'html', json: 'json' }

describe('report snapshots (hand-made reference traces)', () => {
  for (const [name, result, formats] of snapshots) {
    for (const format of formats) {
      it(`${name} as ${format}`, async () => {
        await expect(renderReport(result, format)).toMatchFileSnapshot(`__snapshots__/${name}.${EXTENSION[format]}`)
      })
    }
  }
})

describe('text report', () => {
  for (const [name, result] of [['s3', s3], ['s1', s1], ['s12', s12], ['s3n', s3n], ['hostile', hostile]] as const) {
    it(`${name}: every line fits 80 columns, no tabs, no trailing spaces`, () => {
      for (const line of renderReport(result, 'text').split('\n')) {
        expect(line.length, line).toBeLessThanOrEqual(80)
        expect(line).not.toMatch(/\t|\s$/)
      }
    })
  }

  it('names both builds with their stacks, the first divergence and the Tested-by placeholder', () => {
    const text = renderReport(s3, 'text')
    expect(text).toContain('A: pre/fep   build pre, no patches; fep mode; intel\n')
    expect(text).toContain('B: post/fep  build post = v3-01 v3-02 v3-03 v3-04 v3-05 v3-06 v3-07; fep mode;\n')
    expect(text).toContain('Changes in post/fep (compared to pre/fep)\n')
    expect(text).toContain('  post/fep  exit DEBUG exception=1 pc=0x1005 dr6=0xffff2ff0\n')
    expect(text).toContain('\nTested-by: Your Name <you@example.com>\n')
  })

  it('quotes the scenario indented by four spaces and folds long lines after a space with a trailing backslash', () => {
    const text = renderReport(hostile, 'text')
    const line = '    mov %dr0, %rax   # a comment long enough to need folding at the width of a mail line, really'
    expect(text).toContain(`\n    ${line.slice(0, 74)}\\\n    ${line.slice(74)}\n`)
    expect(text).toContain('(long lines are folded; a trailing \\ continues on the next line)')
  })

  it('cuts a differing get_* result to its differing fields in the before/after table', () => {
    const regs = (rip: string) => [{ action: 'get_regs', result: { rip, rax: '0x1234', rflags: '0x2' } }] as Trace['vmm']
    const text = renderReport(compareTraces({ name: 'regs' }, { ...s3Pre, vmm: regs('0x1009') }, { ...s3Pre, vmm: regs('0x1005') }), 'text')
    // Layout: marker and label in 10 columns, then two 34-column cells 2 apart.
    expect(text).toContain(`\n* 1       ${'get_regs rip=0x1009 (+2 same)'.padEnd(34)}  get_regs rip=0x1005 (+2 same)\n`)
    expect(text).toContain('\n  vmm[0].result.rip    0x1009 -> 0x1005\n')
  })

  it('says the sides behave the same when they do', () => {
    expect(renderReport(s3n, 'text')).toContain('Result: post/native behaves the same as pre/native.\n')
  })
})

describe('long runs', () => {
  /** 30 single-step #DBs on each side; B reads a different DR6 on the 25th. */
  const steps = (dr6At25: string) =>
    Array.from({ length: 30 }, (_, i) => ({ vector: 1, rip: `0x${(0x1006 + i).toString(16)}`, dr6: i === 24 ? dr6At25 : '0xffff4ff0', error_code: '0x0' })) as Trace['guest_exceptions']
  const long = compareTraces({ name: 'long' }, { ...s12Post, guest_exceptions: steps('0xffff4ff0') }, { ...s12Post, guest_exceptions: steps('0xffff6ff0') })

  it('cut the text and Markdown tables at 20 entries per list and say what was left out', () => {
    const text = renderReport(long, 'text')
    expect(text).toContain('\n  20      #DB rip=0x1019 dr6=0xffff4ff0       #DB rip=0x1019 dr6=0xffff4ff0\n')
    expect(text).not.toContain('rip=0x101a')
    expect(text).toContain('\n  (10 more entries, 1 of them differing; the HTML and JSON reports list all)\n')
    expect(renderReport(long, 'md')).toContain('\n(10 more entries, 1 of them differing; the HTML and JSON reports list all)\n')
    expect(text).toContain('  guest_exceptions[24].dr6 0xffff4ff0 -> 0xffff6ff0\n')
  })

  it('keep every entry in the HTML report', () => {
    expect(renderReport(long, 'html')).toContain('#DB rip=0x1023 dr6=0xffff4ff0')
  })
})

describe('html report', () => {
  it('is self-contained: no src=, no external links, no scripts', () => {
    for (const result of [s3, hostile]) {
      const html = renderReport(result, 'html')
      expect(html).not.toMatch(/src=/i)
      expect(html).not.toMatch(/href="?(https?:|\/\/)/i)
      expect(html).not.toMatch(/<script/i)
      expect(html).not.toMatch(/<link/i)
    }
  })

  it('escapes user text and anchors the first divergence on its row', () => {
    const html = renderReport(hostile, 'html')
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;')
    expect(html.match(/id="first-divergence"/g)).toHaveLength(1)
    expect(renderReport(s3, 'html')).toContain('<tr class="only-b" id="first-divergence"><td class="n">2</td>')
    expect(renderReport(s3n, 'html')).not.toContain('id="first-divergence"')
  })
})

describe('markdown report', () => {
  it('escapes pipes in table cells and fences the scenario beyond any backticks in it', () => {
    const md = renderReport(hostile, 'md')
    expect(md).toContain('\\| a \\*very\\* long')
    expect(md).toContain('\n````yaml\n')
    expect(md).toContain('| **≠** 1 | `-` | `get_vcpu_events exception_has_payload=1')
  })
})

describe('json report', () => {
  it('is the CompareResult itself, schema first, keys sorted, independent of construction order', () => {
    const json = renderReport(s3, 'json')
    expect(JSON.parse(json)).toEqual(s3)
    expect(json.startsWith('{\n  "schema": "patchlab.compare/1",\n  "equal": false,\n  "events_equal": false,\n  "first_divergence": 1,\n')).toBe(true)
    expect(renderReport(reverseKeys(s3) as CompareResult, 'json')).toBe(json)
  })
})

// Property tests of every report format (issue 11 §5): width, no absolute path, no default trailer,
// YAML round trip of the embedded scenario, decoded values, verdict words, schema validity and
// non-empty Markdown table rows. Expected DR6 decodings are kvm-db-semantics.md §4's (S1, S3), not our output.
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { compareTraces } from '../compare'
import { S3_SOURCE, s12Post, s12Pre, s1Post, s1Pre, s3Post, s3Pre, s3nPost, s3nPre } from '../compare/__fixtures__/traces'
import { runScenario } from '../run'
import { parseScenario } from '../scenario'
import type { CompareResult, ReportOptions, Trace } from '../types'
import { REPORT_FORMATS, renderReport, scenarioFromText } from './index'

const s3 = compareTraces({ name: 'S3: GD on an emulated MOV from DR0 under host USE_HW_BP', file: 'examples/s03-gd-host-use-hw-bp.yaml', source: S3_SOURCE }, s3Pre, s3Post)
const s1 = compareTraces({ name: 'S1: emulated MOV from DR0 with guest DR7.GD' }, s1Pre, s1Post)
const s12 = compareTraces({ name: 'S12: emulated STI with TF=1 (VMX pending-debug check)' }, s12Pre, s12Post)
const s3n = compareTraces({ name: 'S3n: native MOV DR exit under host USE_HW_BP' }, s3nPre, s3nPost)
const budget = compareTraces({ name: 'budget' }, s3nPre, { ...s3nPost, outcome: 'limit', outcome_detail: 'exit budget (64) reached' })
/** The app hands main the absolute path of the open file. */
const absolute = compareTraces({ name: 'S3', file: '/home/reviewer/work/patchlab/examples/s03.yaml', source: S3_SOURCE }, s3Pre, s3Post)
const windows = compareTraces({ name: 'S3', file: 'C:\\Users\\r\\s03.yaml', source: S3_SOURCE }, s3Pre, s3Post)

/** Everything a renderer must survive: markup, tabs, long lines, pipes and backticks in user text. */
const hostile: CompareResult = compareTraces(
  {
    name: `<script>alert("x")</script> | a *very* long scenario name that keeps going well past eighty columns & more`,
    file: 'examples/some/deeply/nested/directory/with-a-very-long-scenario-file-name-indeed.yaml',
    source: `name: "<b>bold</b> | pipe"\nguest:\n  asm: |\n    mov %dr0, %rax   # a comment long enough to need folding at the width of a mail line, really\n\`\`\`\n`,
  },
  { ...s3Pre, build: 'pre+v3-04+v3-05', stack: ['v3-04', 'v3-05'] },
  { ...s3Post, mode: 'native', stack: ['v2-02', 'v2-02-review'], vmm: [{ action: 'get_vcpu_events', result: { exception_has_payload: 1, exception_payload: '0x2000', flags: '0x10', pending: 1, injected: 0, nr: 1 } }] } as Trace,
)

const ALL = { s3, s1, s12, s3n, budget, absolute, windows, hostile }
const TRAILER: ReportOptions = { trailer: { kind: 'tested-by', ident: 'A. Reviewer <reviewer@example.org>' } }

/** The embedded scenario's lines (after the reproduce command) and `Link:` trailers may exceed 80 columns. */
function proseLines(text: string): string[] {
  const lines = text.split('\n')
  const command = lines.findIndex((l) => l.startsWith('    patchlab compare '))
  return lines.filter((l, i) => !(command >= 0 && i >= command && (l.startsWith('    ') || l === '')) && !/^\s*Link: https:\/\/\S+$/.test(l))
}

describe('text report', () => {
  for (const [name, result] of Object.entries(ALL)) {
    it(`${name}: prose fits 80 columns, no tabs, no trailing spaces, no absolute path, no trailer`, () => {
      const text = renderReport(result, 'text')
      for (const line of proseLines(text)) {
        expect(line.length, line).toBeLessThanOrEqual(80)
        expect(line).not.toMatch(/\t|\s$/)
      }
      expect(text).not.toMatch(/(^|[\s(])(\/home|\/Users|\/work|\/tmp|[A-Z]:\\)/m)
      expect(text).not.toMatch(/^(Tested|Reviewed)-by:/m)
    })
  }

  it('puts the sections in the order a reviewer reads them', () => {
    const text = renderReport(s3, 'text')
    const at = ['Result: ', '\nBuilds\n', '\nFirst divergence\n', '\nBefore/after', '\nReproducer\n', 'These results come from PatchLab'].map((s) => text.indexOf(s))
    expect(at.every((x) => x >= 0)).toBe(true)
    expect([...at].sort((x, y) => x - y)).toEqual(at)
  })

  it('says the verdict in the app\'s words', () => {
    expect(renderReport(s3, 'text')).toMatch(/^Result: diverges$/m)
    expect(renderReport(s1, 'text')).toMatch(/^Result: same results, internal KVM steps differ$/m)
    expect(renderReport(s3n, 'text')).toMatch(/^Result: same$/m)
    expect(renderReport(budget, 'text')).toMatch(/^Result: inconclusive: budget reached on B$/m)
  })

  it('names each patch as `id subject` with its upstream commit or lore Link', () => {
    const text = renderReport(s3, 'text')
    expect(text).toContain('\n   v3-05  KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when checking for code\n          breakpoints in emulation\n          commit 00b6520669bc\n')
    expect(text).toMatch(/^A: pre\/fep: build pre, fep mode, intel, no patches$/m)
    const v2 = renderReport(hostile, 'text')
    expect(v2).toMatch(/\n +Link: https:\/\/lore\.kernel\.org\/r\/9b859ab6a6b59e5ccfdac741459117996fe2da6e\.1766066076\.git\.houwenlong\.hwl@antgroup\.com\n/)
    expect(v2).toMatch(/unmerged: Sean Christopherson, Re: \[PATCH v2 2\/9\],\s+11 May 2026/)
  })

  it('states that the result is from the model, with the version, and adds a trailer only when asked', () => {
    const text = renderReport(s3, 'text')
    expect(text).toContain('These results come from PatchLab 0.1.0, an executable model of the KVM builds')
    expect(text).not.toContain('Tested-by')
    expect(renderReport(s3, 'text', TRAILER)).toMatch(/\n\nTested-by: A\. Reviewer <reviewer@example\.org>\n$/)
    expect(renderReport(s3, 'text', { trailer: { kind: 'reviewed-by', ident: 'R <r@x>' } })).toMatch(/\nReviewed-by: R <r@x>\n$/)
  })

  it('decodes DR6/DR7 and keeps each exit on one line (kvm-db-semantics.md §4 S3: dr6 0xffff2ff0 is BD)', () => {
    const text = renderReport(s3, 'text')
    expect(text).toContain('\n          B DEBUG (#DB, vector 1) pc=0x1005 dr6=0xffff2ff0 (BD)\n')
    expect(text).toContain('\n  dr7     A 0x400 (none)\n')
    const s1text = renderReport(s1, 'text')
    expect(s1text).toContain('dr6_after') // S1: PRE writes BD at emulation, POST at injection
    expect(s1text).toContain('A 0xffff2ff0 (BD)')
    expect(s1text).toContain('DR6 bits: -BD')
  })

  it('turns an absolute scenario path into its file name', () => {
    expect(absolute.scenario.file).toBe('s03.yaml')
    expect(windows.scenario.file).toBe('s03.yaml')
    expect(renderReport(absolute, 'text')).toContain('patchlab compare s03.yaml --builds pre,post --modes fep --vendor intel')
  })
})

describe('the embedded scenario round-trips', () => {
  for (const file of ['s01-gd-fep-mov-dr0.yaml', 's03-gd-fep-host-use-hw-bp.yaml', 's07-guest-code-bp-fep-nop.yaml', 's13-nested-svm-gd-fep-l1-intercepts-db.yaml']) {
    it(`${file}: copied out of the text report it is the same text and parses to the same scenario`, () => {
      const source = readFileSync(new URL(`../../../examples/${file}`, import.meta.url), 'utf8')
      const scenario = parseScenario(source, file)
      const [a, b] = (['pre', 'post'] as const).map((build) => runScenario(scenario, { build, mode: 'fep' }))
      const result = compareTraces({ name: scenario.name, file, source }, a, b, scenario)
      const copied = scenarioFromText(renderReport(result, 'text'))
      expect(copied).toBe(source.replace(/\n+$/, '\n'))
      expect(parseScenario(copied!, file)).toEqual(scenario)
    })
  }

  it('a line too long for the block stays whole (never folded)', () => {
    const text = renderReport(hostile, 'text')
    expect(text).toContain('\n        mov %dr0, %rax   # a comment long enough to need folding at the width of a mail line, really\n')
    expect(text).not.toMatch(/\\\n/)
  })

  it('expect blocks give a verdict per side (S1: both match; a wrong expectation names the field)', () => {
    const source = readFileSync(new URL('../../../examples/s01-gd-fep-mov-dr0.yaml', import.meta.url), 'utf8')
    const scenario = parseScenario(source, 's01.yaml')
    const [a, b] = (['pre', 'post'] as const).map((build) => runScenario(scenario, { build, mode: 'fep' }))
    const text = renderReport(compareTraces({ name: scenario.name, source }, a, b, scenario), 'text')
    expect(text).toContain('\nExpect: pre/fep: matches expect\nExpect: post/fep: matches expect\n')
    const wrong = parseScenario(source.replace('post:\n    outcome: halted\n    guest_exceptions: [{ vector: DB, rip: x, dr6: 0xffff2ff0 }]', 'post:\n    outcome: halted\n    guest_exceptions: [{ vector: DB, rip: x, dr6: 0xffff0ff0 }]'), 's01.yaml')
    const wrongText = renderReport(compareTraces({ name: scenario.name, source }, a, b, wrong), 'text')
    expect(wrongText).toContain('\nExpect: post/fep: differs from expect in\n  guest_exceptions[0].dr6: expected 0xffff0ff0, got 0xffff2ff0\n')
  })
})

describe('long runs', () => {
  /** 30 single-step #DBs on each side; B reads a different DR6 on the 25th. */
  const steps = (dr6At25: string) =>
    Array.from({ length: 30 }, (_, i) => ({ vector: 1, rip: `0x${(0x1006 + i).toString(16)}`, dr6: i === 24 ? dr6At25 : '0xffff4ff0', error_code: '0x0' })) as Trace['guest_exceptions']
  const long = compareTraces({ name: 'long' }, { ...s12Post, guest_exceptions: steps('0xffff4ff0') }, { ...s12Post, guest_exceptions: steps('0xffff6ff0') })

  it('cut the text and Markdown tables at 20 entries per list and say what was left out', () => {
    const text = renderReport(long, 'text')
    expect(text).toContain('\n  20      A #DB rip=0x1019 dr6=0xffff4ff0 (BS)\n')
    expect(text).not.toContain('rip=0x101a')
    expect(text).toContain('\n  (10 more entries, 1 of them differing; the HTML and JSON reports list all)\n')
    expect(renderReport(long, 'md')).toContain('\n(10 more entries, 1 of them differing; the HTML and JSON reports list all)\n')
    expect(text).toContain('* guest_exceptions[24].dr6\n    A 0xffff4ff0 (BS)\n    B 0xffff6ff0 (BS BD)\n      DR6 bits: +BD\n')
  })

  it('keep every entry in the HTML report', () => {
    expect(renderReport(long, 'html')).toContain('#DB rip=0x1023 dr6=')
  })
})

describe('markdown report', () => {
  for (const [name, result] of Object.entries(ALL)) {
    it(`${name}: no table row has an empty cell; verdict words; no absolute path; no trailer`, () => {
      const md = renderReport(result, 'md')
      const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
      for (const row of rows.filter((r, i) => i > 0 && !rows[i - 1].startsWith('| ---') || true)) {
        const cells = row.slice(2, -2).split(/(?<!\\) \| /)
        const isHeader = md.split('\n')[md.split('\n').indexOf(row) + 1]?.startsWith('| ---')
        if (!isHeader) for (const cell of cells) expect(cell.trim(), row).not.toBe('')
      }
      expect(md).toContain(`**Result: ${result.verdict.text}.**`)
      expect(md).not.toMatch(/\/home|\/work\/|[A-Z]:\\/)
      expect(md).not.toMatch(/^(Tested|Reviewed)-by:/m)
    })
  }

  it('escapes pipes in table cells and fences the scenario beyond any backticks in it', () => {
    const md = renderReport(hostile, 'md')
    expect(md).toContain('\\| a \\*very\\* long')
    expect(md).toContain('\n````yaml\n')
  })

  it('adds the trailer only when asked', () => {
    expect(renderReport(s3, 'md', TRAILER)).toMatch(/\nTested-by: A\. Reviewer <reviewer@example\.org>\n$/)
  })
})

describe('html report', () => {
  it('is self-contained: no src=, no external links, no scripts', () => {
    for (const result of Object.values(ALL)) {
      const html = renderReport(result, 'html')
      expect(html).not.toMatch(/src=/i)
      expect(html).not.toMatch(/href="?(https?:|\/\/)/i)
      expect(html).not.toMatch(/<script/i)
      expect(html).not.toMatch(/<link/i)
      expect(html).not.toMatch(/\/home|[A-Z]:\\/)
    }
  })

  it('shows decoded values with an SDM bit table on hover, and prints without tooltips', () => {
    const html = renderReport(s3, 'html')
    expect(html).toMatch(/<span class="dec" tabindex="0" title="0xffff2ff0 \(BD\)">0xffff2ff0 \(BD\)<span class="bits" role="tooltip">/)
    expect(html).toContain('<tr class="on"><td>13</td><td>BD</td><td>1</td><td>BD: debug register access detected (DR7.GD)</td></tr>')
    expect(html.slice(html.indexOf('@media print {'))).toContain('.dec .bits { display: none !important; }')
    expect(html).toContain('<span class="verdict diverges" data-verdict="diverges">diverges</span>')
  })

  it('escapes user text and anchors the first divergence on its row', () => {
    const html = renderReport(hostile, 'html')
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;')
    expect(html.match(/id="first-divergence"/g)).toHaveLength(1)
    expect(renderReport(s3, 'html')).toContain('<tr class="only-b" id="first-divergence"><td class="n">2</td>')
    expect(renderReport(s3n, 'html')).not.toContain('id="first-divergence"')
  })
})

describe('json report', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../docs/schema/compare.schema.json', import.meta.url), 'utf8')) as object
  const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema)

  for (const [name, result] of Object.entries(ALL)) {
    it(`${name}: validates against docs/schema/compare.schema.json`, () => {
      const doc = JSON.parse(renderReport(result, 'json')) as unknown
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    })
  }

  it('the schema rejects what the contract forbids: an absolute file, a verdict word of its own, a missing version', () => {
    const doc = JSON.parse(renderReport(s3, 'json')) as Record<string, unknown>
    expect(validate({ ...doc, scenario: { name: 'x', file: '/home/x/s.yaml' } })).toBe(false)
    expect(validate({ ...doc, verdict: { kind: 'same', text: 'identical' } })).toBe(false)
    const { schema: _version, ...unversioned } = doc
    expect(validate(unversioned)).toBe(false)
  })

  it('is the CompareResult itself, schema version first, keys sorted, independent of construction order', () => {
    const json = renderReport(s3, 'json')
    expect(JSON.parse(json)).toEqual(s3)
    expect(json.startsWith('{\n  "schema": "patchlab.compare/1",\n')).toBe(true)
    expect(renderReport(reverseKeys(s3) as CompareResult, 'json')).toBe(json)
  })

  it('every format is rendered for every fixture without throwing', () => {
    for (const result of Object.values(ALL)) for (const f of REPORT_FORMATS) expect(renderReport(result, f).length).toBeGreaterThan(0)
  })
})

/** A deep copy with every object's keys inserted in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]))
}

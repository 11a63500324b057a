import { isMap, LineCounter, parseDocument, Scalar, visit, type Document } from 'yaml'
import type { z } from 'zod'
import { assemble } from '../asm'
import { resolveBuild } from '../builds/registry'
import { VECTOR_NUMBERS } from '../kvm/constants'
import { InputErrors, type InputError } from '../types/run'
import type { Expectation, HandlerSpec, Scenario, VectorName } from '../types/scenario'
import { DocumentPositions, keyPathText, type KeyPath } from './positions'
import { scenarioSchema, type RawScenario } from './schema'

export interface ParseOptions {
  /** Loads `guest.binary` files (the Node side passes a reader; the pure engine has none). */
  loadBinary?: (path: string) => Uint8Array
}

const MODES = ['fep', 'native']

/** Larger scenarios are refused before parsing (the biggest example is a few KiB; 1 MiB of nops parses in a fraction of a second). */
export const MAX_SCENARIO_LENGTH = 1024 * 1024
/** YAML aliases expanded at most this often: a "billion laughs" document stops here, not in an out-of-memory. */
const MAX_ALIAS_COUNT = 100

/**
 * Parses and validates a `patchlab.scenario/1` YAML document. Throws InputErrors naming file, line,
 * column and key for YAML syntax errors, unknown keys, bad values, unknown builds, asm errors and
 * unknown labels (labels are checked against the assembled guest).
 */
export function parseScenario(text: string, fileName: string, options: ParseOptions = {}): Scenario {
  checkIsText(text, fileName)
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, intAsBigInt: true, uniqueKeys: true, prettyErrors: false })
  if (doc.errors.length) {
    throw new InputErrors(doc.errors.map((e) => {
      const at = lines.linePos(e.pos[0])
      const message = e.message.startsWith('Maximum call stack size exceeded') ? 'the YAML nests too deeply' : e.message.split('\n')[0]
      return { file: fileName, line: at.line, column: at.col, message }
    }))
  }
  const positions = new DocumentPositions(doc, lines)
  const errorAt = (path: KeyPath, message: string, atKey = false): InputError => ({
    file: fileName, ...positions.at(path, atKey), ...(path.length ? { key: keyPathText(path) } : {}), message,
  })
  if (!isMap(doc.contents)) {
    const what = doc.contents === null ? 'this file is empty' : `this document is a ${isSeqOrScalar(doc)}`
    throw new InputErrors([errorAt([], `a scenario is a YAML mapping that starts with 'schema: patchlab.scenario/1'; ${what}`)])
  }
  const parsed = scenarioSchema.safeParse(documentValue(doc, fileName, lines))
  if (!parsed.success) throw new InputErrors(parsed.error.issues.flatMap((issue) => issueErrors(issue, errorAt)))
  const raw = parsed.data

  const errors: InputError[] = []
  const scenario = toScenario(raw, fileName)
  if (raw.guest.asm === undefined && raw.guest.binary === undefined) errors.push(errorAt(['guest'], 'guest needs `asm` or `binary`'))
  if (raw.guest.asm !== undefined && raw.guest.binary !== undefined) errors.push(errorAt(['guest', 'binary'], 'guest takes `asm` or `binary`, not both', true))
  if (raw.guest.binary !== undefined) {
    if (!options.loadBinary) errors.push(errorAt(['guest', 'binary'], 'binary guests need a file loader (use the CLI or the app)'))
    else {
      try {
        scenario.guest.binary = options.loadBinary(raw.guest.binary)
        if (scenario.guest.binary.length === 0) errors.push(errorAt(['guest', 'binary'], `${raw.guest.binary} is empty: a guest needs at least one instruction`))
      } catch (e) {
        errors.push(errorAt(['guest', 'binary'], `cannot read ${raw.guest.binary}: ${(e as Error).message}`))
      }
    }
  }
  for (const key of Object.keys(raw.expect ?? {})) {
    const problem = expectKeyProblem(key)
    if (problem) errors.push(errorAt(['expect', key], problem, true))
  }
  let symbols: Record<string, bigint> = {}
  if (raw.guest.asm !== undefined) {
    const placement = asmPlacement(positions, text)
    scenario.guest.asm_line = placement.line
    const result = assemble(raw.guest.asm, { fileName, origin: 0n, lineOffset: placement.line - 1 })
    if (result.ok) symbols = result.symbols
    else errors.push(...result.errors.map((e) => ({ file: fileName, line: e.line, column: e.column + placement.indent, key: 'guest.asm', message: e.message })))
  }
  if (raw.guest.asm !== undefined && !errors.some((e) => e.key === 'guest.asm')) {
    for (const { path, label } of labelRefs(raw)) {
      if (!(label in symbols)) errors.push(errorAt(path, `unknown label '${label}'${Object.keys(symbols).length ? ` (labels: ${Object.keys(symbols).join(', ')})` : ''}`))
    }
  }
  if (errors.length) throw new InputErrors(errors)
  return scenario
}

type ErrorAt = (path: KeyPath, message: string, atKey?: boolean) => InputError

/** Too large, or not text at all (a flat binary opened as a scenario): said before YAML gets to it. */
function checkIsText(text: string, fileName: string): void {
  if (text.length > MAX_SCENARIO_LENGTH) {
    throw new InputErrors([{ file: fileName, line: 1, column: 1, message: `the scenario is ${text.length} characters long; at most ${MAX_SCENARIO_LENGTH} (1 MiB)` }])
  }
  // C0 controls other than tab, LF and CR, DEL, and U+FFFD (what invalid UTF-8 decodes to) are not YAML text.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.exec(text)
  if (!bad) return
  const before = text.slice(0, bad.index)
  const line = before.split('\n').length
  const column = bad.index - before.lastIndexOf('\n')
  const code = bad[0].codePointAt(0)!
  const what = code === 0xfffd ? 'bytes that are not UTF-8' : `the control character 0x${code.toString(16).padStart(2, '0')}`
  throw new InputErrors([{ file: fileName, line, column, message: `this is not a text file (${what} here); a scenario is YAML text` }])
}

function isSeqOrScalar(doc: Document): string {
  return doc.contents && 'items' in doc.contents ? 'list' : 'single value'
}

/** The document as plain data, its aliases expanded at most MAX_ALIAS_COUNT times (error at the first alias). */
function documentValue(doc: Document, fileName: string, lines: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (e) {
    if (!(e instanceof ReferenceError || e instanceof RangeError)) throw e
    let offset = 0
    visit(doc, {
      Alias(_key, node) {
        offset = node.range?.[0] ?? 0
        return visit.BREAK
      },
    })
    const at = lines.linePos(offset)
    const message = e instanceof RangeError ? 'the YAML nests too deeply' : `the YAML expands its aliases (*name) more than ${MAX_ALIAS_COUNT} times`
    throw new InputErrors([{ file: fileName, line: at.line, column: at.col, message }])
  }
}

function issueErrors(issue: z.core.$ZodIssue, errorAt: ErrorAt): InputError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => errorAt([...issue.path, key], `unknown key '${key}'`, true))
  }
  if (issue.code === 'invalid_union') return [errorAt(issue.path, unionMessage(issue))]
  if (issue.code === 'invalid_value') return [errorAt(issue.path, `bad value: expected one of ${issue.values.map((v) => JSON.stringify(typeof v === 'bigint' ? Number(v) : v)).join(', ')}`)]
  if (issue.code === 'invalid_type' && issue.input === undefined) return [errorAt(issue.path, `missing required key '${String(issue.path[issue.path.length - 1])}'`)]
  return [errorAt(issue.path, issue.message)]
}

/** The most specific message of a failed union: the alternative whose errors go deepest. */
function unionMessage(issue: z.core.$ZodIssueInvalidUnion): string {
  const deepest = issue.errors.flat().filter((e) => e.code !== 'invalid_type').sort((a, b) => b.path.length - a.path.length)[0]
  if (deepest?.code === 'unrecognized_keys') return `unknown key '${deepest.keys[0]}' at ${keyPathText([...issue.path, ...deepest.path])}`
  if (deepest) return deepest.message
  return 'bad value for this key'
}

/** `pre`, `fep`, `post/native`, `pre+v3-05/fep`: undefined when fine, else what is wrong. */
function expectKeyProblem(key: string): string | undefined {
  const [build, mode, extra] = key.split('/')
  if (extra !== undefined) return `bad expect key '${key}': use <build>, <mode> or <build>/<mode>`
  if (mode !== undefined && !MODES.includes(mode)) return `unknown mode '${mode}' (modes: ${MODES.join(', ')})`
  if (mode === undefined && MODES.includes(build)) return undefined
  try {
    resolveBuild(build)
    return undefined
  } catch (e) {
    return (e as InputErrors).errors[0].message
  }
}

/** Where the asm text starts in the YAML file (1-based line) and how far its lines are indented. */
function asmPlacement(positions: DocumentPositions, text: string): { line: number; indent: number } {
  const node = positions.node(['guest', 'asm'])
  const start = node?.range?.[0] ?? 0
  const at = positions.linePos(start)
  if (node instanceof Scalar && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
    const firstLine = text.split('\n')[at.line] ?? ''
    return { line: at.line + 1, indent: firstLine.length - firstLine.trimStart().length }
  }
  const quoted = node instanceof Scalar && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')
  return { line: at.line, indent: at.column - 1 + (quoted ? 1 : 0) }
}

/** Every label reference in the scenario, with its key path. */
function labelRefs(raw: RawScenario): Array<{ path: KeyPath; label: string }> {
  const found: Array<{ path: KeyPath; label: string }> = []
  const walk = (value: unknown, path: PropertyKey[]): void => {
    if (value && typeof value === 'object' && 'label' in value && 'offset' in value) {
      found.push({ path, label: (value as { label: string }).label })
      return
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]))
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k])
  }
  walk(raw, [])
  for (const [vector, spec] of Object.entries(raw.handlers ?? {})) {
    if (typeof spec === 'string') found.push({ path: ['handlers', vector], label: spec })
  }
  return found
}

function toHandler(spec: NonNullable<RawScenario['handlers']>[VectorName]): HandlerSpec {
  if (typeof spec === 'string') return { kind: 'label', label: spec }
  return { kind: 'recorder', clear_dr6: spec?.clear_dr6 ?? true, set_rf: spec?.set_rf ?? 'code-bp' }
}

function toExpectation(raw: NonNullable<RawScenario['expect']>[string]): Expectation {
  const { guest_exceptions, ...rest } = raw
  const expectation: Expectation = { ...rest } as Expectation
  if (guest_exceptions) {
    expectation.guest_exceptions = guest_exceptions.map(({ vector, ...fields }) => ({
      ...fields,
      ...(vector !== undefined ? { vector: typeof vector === 'string' ? BigInt(VECTOR_NUMBERS[vector]) : vector } : {}),
    })) as Expectation['guest_exceptions']
  }
  return expectation
}

function toScenario(raw: RawScenario, fileName: string): Scenario {
  const vcpu = raw.vcpu ?? {}
  const kvm = raw.kvm ?? {}
  return {
    schema: 'patchlab.scenario/1',
    name: raw.name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    vendor: raw.vendor ?? 'intel',
    guest: { ...(raw.guest.asm !== undefined ? { asm: raw.guest.asm } : {}), cpl: raw.guest.cpl === 3n ? 3 : 0 },
    vcpu: {
      regs: (vcpu.regs ?? {}) as Scenario['vcpu']['regs'],
      rflags: vcpu.rflags ?? 0x2n,
      dr: vcpu.dr ?? {},
      cr4: { de: vcpu.cr4?.de ?? false },
      cpuid: { rtm: vcpu.cpuid?.rtm ?? true, bus_lock_detect: vcpu.cpuid?.bus_lock_detect ?? true },
    },
    kvm: {
      force_emulation_prefix: kvm.force_emulation_prefix ?? true,
      fep_clear_rflags_rf: kvm.fep_clear_rflags_rf ?? false,
      exception_payload: kvm.exception_payload ?? false,
      ...(kvm.guest_debug ? { guest_debug: { control: kvm.guest_debug.control, debugreg: kvm.guest_debug.debugreg ?? {} } } : {}),
      ...(kvm.nested ? { nested: { l1_intercepts: kvm.nested.l1_intercepts } } : {}),
    },
    vmm: (raw.vmm ?? []) as Scenario['vmm'],
    handlers: Object.fromEntries(Object.entries(raw.handlers ?? {}).map(([v, spec]) => [v, toHandler(spec)])),
    limits: { instructions: raw.limits?.instructions ?? 100_000, exits: raw.limits?.exits ?? 64 },
    expect: Object.fromEntries(Object.entries(raw.expect ?? {}).map(([k, e]) => [k, toExpectation(e)])),
    file: fileName,
  }
}

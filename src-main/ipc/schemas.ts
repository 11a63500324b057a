// Boundary validation: every request payload is parsed by its channel's schema before a handler sees it.
import { z } from 'zod'
import type { Channel } from './contract'

const empty = z.strictObject({})
// Messages are for people: the renderer and the browser-mode page show them as they are.
const path = z.string().min(1, 'give a file path').max(4096, 'the path is too long (at most 4096 characters)')
const scenarioText = z.string().max(4 * 1024 * 1024, 'the scenario is too large (at most 4 MiB)')
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a run id is 1-64 letters, digits, _ or -')
const buildId = z
  .string()
  .min(1, 'give a build (e.g. pre, post or pre+v3-05)')
  .max(200, 'a build id is at most 200 characters')
  .regex(/^[A-Za-z0-9_.+-]*$/, 'a build id has only letters, digits and _ . + - (e.g. pre+v3-05)')
const mode = z.enum(['fep', 'native'])
const vendor = z.enum(['intel', 'amd'])
const format = z.enum(['text', 'md', 'html', 'json'])
const byte = z.number().int().min(0).max(255)

const side = z.strictObject({ build: buildId, mode })
const knobs = z
  .strictObject({
    force_emulation_prefix: z.boolean().optional(),
    fep_clear_rflags_rf: z.boolean().optional(),
    exception_payload: z.boolean().optional(),
  })
  .optional()
const instructionBudget = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()

export const requestSchemas = {
  'builds:list': empty,
  'scenarios:list': empty,
  'scenarios:read': z.strictObject({ id: z.string().min(1).max(4096) }),
  'scenarios:check': z.strictObject({ text: scenarioText, file: path }),
  'scenarios:assemble': z.strictObject({ text: scenarioText, file: path }),
  'runs:compare': z.strictObject({
    runId,
    text: scenarioText,
    file: path,
    sides: z.tuple([side, side]),
    vendor: vendor.optional(),
    knobs,
    instructionBudget,
  }),
  'runs:matrix': z.strictObject({ runId, text: scenarioText, file: path, builds: z.array(buildId).min(1).max(32) }),
  'runs:cancel': z.strictObject({ runId }),
  'explore:bisect': z.strictObject({ runId, text: scenarioText, file: path, sides: z.tuple([side, side]), vendor: vendor.optional(), knobs, instructionBudget }),
  // One budget, as `patchlab fuzz` requires: a case count or a time limit (at most an hour).
  'explore:fuzz': z
    .strictObject({
      runId,
      builds: z.tuple([buildId, buildId]),
      seed: z.number().int().min(0).max(0xffff_ffff),
      count: z.number().int().min(1).max(10_000_000).optional(),
      timeMs: z.number().int().min(1).max(3_600_000).optional(),
      mode: mode.optional(),
    })
    .refine((r) => (r.count === undefined) !== (r.timeMs === undefined), { message: 'give one budget: count or timeMs', path: ['count'] }),
  'explore:stop': z.strictObject({ runId }),
  'reports:render': z.strictObject({ runId, format }),
  'files:choose-open': z.strictObject({ kind: z.enum(['scenario', 'binary']) }),
  'files:choose-save': z.strictObject({ suggestedName: z.string().min(1).max(255) }),
  'files:open-text': z.strictObject({ path }),
  'files:save-text': z.strictObject({ path, text: scenarioText }),
  'files:open-binary': z.strictObject({ path }),
  'files:save-binary': z.strictObject({ path, bytes: z.array(byte).max(16 * 1024 * 1024) }),
  'files:recent': empty,
  'files:autosave': z.strictObject({ key: z.string().min(1).max(4096), text: scenarioText }),
  'files:autosaved': z.strictObject({ key: z.string().min(1).max(4096) }),
  'files:discard-autosave': z.strictObject({ key: z.string().min(1).max(4096) }),
} satisfies Record<Channel, z.ZodType>

/** A payload that failed its channel's schema; one line naming the offending fields (at most three). */
export class PayloadError extends Error {
  constructor(channel: Channel, issues: z.core.$ZodIssue[]) {
    const shown = issues.slice(0, 3).map(issueText)
    if (issues.length > 3) shown.push(`and ${issues.length - 3} more`)
    super(`${channel}: invalid request: ${shown.join('; ')}`)
    this.name = 'PayloadError'
  }
}

/** `sides[0].build: give a build …` rather than zod's wording of its own internals. */
function issueText(issue: z.core.$ZodIssue): string {
  const field = issue.path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '')
  const where = field || 'the request'
  if (issue.code === 'unrecognized_keys') return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`
  if (issue.code === 'invalid_type') return issue.input === undefined ? `${where}: missing` : `${where}: expected ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`
  if ((issue.code === 'too_small' || issue.code === 'too_big') && (issue.origin === 'number' || issue.origin === 'array')) {
    const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`
    return `${where}: must be ${bound}${issue.origin === 'array' ? ' items' : ''}`
  }
  return `${where}: ${issue.message}`
}

export function parseRequest(channel: Channel, payload: unknown): unknown {
  const result = requestSchemas[channel].safeParse(payload, { reportInput: true })
  if (!result.success) throw new PayloadError(channel, result.error.issues)
  return result.data
}

import { NAMED_BUILDS, PATCHES, patchInfo, patchReferences } from '../../builds'
import type { Command } from '../command'
import { parseOptions, withUsageErrors } from '../usage'

const USAGE = `usage: patchlab builds [--json]

Lists the builds (base + patch stack) and every patch module with its subject, commit and the
kernel functions it overrides. Any command that takes a build also takes a custom stack:
<build>+<patch>[+<patch>…], e.g. pre+v3-05 or old-base+v3-03.

  --json   builds and patches as JSON (subject, commit or lore Message-ID, overrides, effect)

exit status: 0 listed, 2 bad option`

const command: Command = {
  summary: 'list builds, their patch stacks, and each patch',
  usage: USAGE,
  run: withUsageErrors('builds', USAGE, async (argv) => {
    const json = Boolean(parseOptions({ args: argv, options: { json: { type: 'boolean' } } }).values.json)
    const patches = PATCHES.map(patchInfo)
    if (json) {
      process.stdout.write(`${JSON.stringify({ builds: NAMED_BUILDS, patches }, null, 2)}\n`)
      return 0
    }
    const lines = ['builds:']
    for (const b of NAMED_BUILDS) lines.push(`  ${b.id.padEnd(13)} ${[b.base, ...b.stack].join(' + ')}`, `  ${''.padEnd(13)} ${b.description}`)
    lines.push('', 'patches:')
    for (const p of patches) {
      lines.push(`  ${p.id.padEnd(13)} ${p.subject}`, ...patchReferences(p).map((r) => `  ${''.padEnd(13)} ${r}`))
      lines.push(`  ${''.padEnd(13)} overrides: ${p.overrides.length ? p.overrides.join(', ') : '(none)'}`, `  ${''.padEnd(13)} effect: ${p.effect}`)
    }
    process.stdout.write(`${lines.join('\n')}\n`)
    return 0
  }),
}

export default command

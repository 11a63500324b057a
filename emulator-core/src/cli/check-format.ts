import type { CheckResult } from '../run'
import { paint } from './colour'

/** One scenario's checks: every (build, mode) pair its expect block names; none when it has no block. */
export interface ScenarioChecks {
  file: string
  results: CheckResult[]
}

export const CHECK_FORMATS = ['text', 'tap', 'junit', 'json'] as const
export type CheckFormat = (typeof CHECK_FORMATS)[number]

/** `35 scenarios: 33 pass, 2 fail` (a scenario passes when every check of it does), skips when any. */
export function checkTotals(all: readonly ScenarioChecks[], colour = false): string {
  const skipped = all.filter((s) => !s.results.length).length
  const failed = all.filter((s) => s.results.some((r) => !r.ok)).length
  const passed = all.length - skipped - failed
  const checks = all.reduce((n, s) => n + s.results.length, 0)
  const parts = [paint('green', `${passed} pass`, colour), paint(failed ? 'red' : 'green', `${failed} fail`, colour)]
  if (skipped) parts.push(paint('yellow', `${skipped} skipped (no expect block)`, colour))
  return `${all.length} scenario${all.length === 1 ? '' : 's'}: ${parts.join(', ')} (${checks} checks)`
}

/** The readable form: one line per check, the mismatching fields under a FAIL. */
export function checkText(all: readonly ScenarioChecks[], colour: boolean, quiet: boolean): string {
  const lines: string[] = []
  for (const s of all) {
    if (!s.results.length && !quiet) lines.push(`${paint('yellow', 'SKIP', colour)} ${s.file}: no expect block`)
    for (const r of s.results) {
      if (r.ok && quiet) continue
      lines.push(`${r.ok ? paint('green', 'PASS', colour) : paint('red', 'FAIL', colour)} ${s.file} ${r.build}/${r.mode}`)
      for (const m of r.mismatches) lines.push(`       ${m}`)
    }
  }
  lines.push(checkTotals(all, colour))
  return `${lines.join('\n')}\n`
}

/** TAP version 13, one test point per check, as kvm-unit-tests' `run_tests.sh -t` prints. */
export function checkTap(all: readonly ScenarioChecks[]): string {
  const points: string[] = []
  for (const s of all) {
    if (!s.results.length) points.push(`ok ${points.length + 1} - ${s.file} # SKIP no expect block`)
    for (const r of s.results) {
      points.push(`${r.ok ? 'ok' : 'not ok'} ${points.length + 1} - ${s.file} ${r.build}/${r.mode}`)
      if (!r.ok) points.push('  ---', '  mismatches:', ...r.mismatches.map((m) => `    - ${JSON.stringify(m)}`), '  ...')
    }
  }
  const count = points.filter((p) => /^(not )?ok /.test(p)).length
  return `TAP version 13\n1..${count}\n${points.join('\n')}\n# ${checkTotals(all)}\n`
}

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** JUnit XML for CI: a testsuite per scenario file, a testcase per (build, mode). */
export function checkJunit(all: readonly ScenarioChecks[]): string {
  const total = (f: (r: CheckResult) => boolean) => all.reduce((n, s) => n + s.results.filter(f).length, 0)
  const skipped = all.filter((s) => !s.results.length).length
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="patchlab check" tests="${total(() => true) + skipped}" failures="${total((r) => !r.ok)}" skipped="${skipped}">`,
  ]
  for (const s of all) {
    const failures = s.results.filter((r) => !r.ok).length
    lines.push(`  <testsuite name="${xml(s.file)}" tests="${s.results.length || 1}" failures="${failures}" skipped="${s.results.length ? 0 : 1}">`)
    if (!s.results.length) lines.push(`    <testcase classname="${xml(s.file)}" name="expect"><skipped message="no expect block"/></testcase>`)
    for (const r of s.results) {
      const name = `classname="${xml(s.file)}" name="${r.build}/${r.mode}"`
      if (r.ok) lines.push(`    <testcase ${name}/>`)
      else lines.push(`    <testcase ${name}><failure message="${xml(`${r.mismatches.length} field(s) differ from expect`)}">${xml(r.mismatches.join('\n'))}</failure></testcase>`)
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}

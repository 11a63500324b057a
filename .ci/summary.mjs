// Sums the Vitest and Playwright JSON reports into the one line CI reads: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs'

const status = Number(process.argv[2] ?? 0)
let passed = 0
let failed = 0
let skipped = 0

const unit = '.reports/unit.json'
if (existsSync(unit)) {
  const r = JSON.parse(readFileSync(unit, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + r.numTodoTests
}
const e2e = '.reports/e2e.json'
if (existsSync(e2e)) {
  const s = JSON.parse(readFileSync(e2e, 'utf8')).stats
  passed += s.expected + s.flaky
  failed += s.unexpected
  skipped += s.skipped
}
// A failing step that runs no test (lint, typecheck, build) still counts as one failure.
if (status !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)

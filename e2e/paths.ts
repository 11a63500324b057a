import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

/** Hand-made scenarios the specs rely on: S3 (selftest 063a22451fd9) and a runaway guest. */
export const E2E_FIXTURES_DIR = resolve(root, 'e2e', 'fixtures')
export const EXAMPLES_DIR = resolve(root, 'examples')
export const REPORTS_DIR = resolve(root, '.reports')
/** Written by e2e/figures.spec.ts, printed by bench/app.bench.ts. */
export const APP_FIGURES = resolve(REPORTS_DIR, 'app-figures.json')
// The README's screenshot is refreshed on request (UPDATE_SCREENSHOT=1 npm run test:e2e), so a plain test run
// leaves the work tree clean; otherwise it lands beside the other reports.
const screenshotDir = process.env.UPDATE_SCREENSHOT ? resolve(root, 'docs') : REPORTS_DIR
export const SCREENSHOT = resolve(screenshotDir, 'screenshot.png')
/** The README's pair, both at 1280×720: S3 after Run, light and dark. */
export const SCREENSHOTS = { light: resolve(screenshotDir, 'screenshot.png'), dark: resolve(screenshotDir, 'screenshot-dark.png') }

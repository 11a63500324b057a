import { resolve } from 'node:path'

/** The library the browser specs see: the hand-made fixtures (S3 and a runaway guest). */
export const E2E_EXAMPLES_DIR = resolve(import.meta.dirname, 'fixtures')
export const REPORTS_DIR = resolve(import.meta.dirname, '..', '.reports')
export const SCREENSHOT = resolve(import.meta.dirname, '..', 'docs', 'screenshot.png')

// `npm run bench [-- --json]`: runs every bench/*.bench.ts and prints its figures.
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Benchmark, Figure } from './figure'

const here = dirname(fileURLToPath(import.meta.url))
const asJson = process.argv.includes('--json')
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)

const figures: Figure[] = []
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !file.startsWith(only)) continue
  const bench = ((await import(join(here, file))) as { default: Benchmark }).default
  if (!asJson) process.stdout.write(`# ${bench.title}\n`)
  for (const f of await bench.run()) {
    figures.push(f)
    if (!asJson) {
      const goal = f.goal ? `  (goal ${f.goal.op} ${f.goal.value}: ${meets(f) ? 'met' : 'NOT met'})` : ''
      process.stdout.write(`${f.name.padEnd(52)} ${format(f.value)}${goal}\n`)
    }
  }
}
if (asJson) process.stdout.write(`${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, f.value])))}\n`)

function meets(f: Figure): boolean {
  return !f.goal || (f.goal.op === '>=' ? f.value >= f.goal.value : f.value <= f.goal.value)
}

function format(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(3)
}

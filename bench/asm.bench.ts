// Assembler speed on a 200-line scenario-style program (issue 2 §4: well under 50 ms after warm-up).
import { readFileSync } from 'node:fs'
import { assemble } from '@patchlab/emulator-core'
import type { Benchmark } from './figure'

const source = readFileSync(new URL('../emulator-core/src/asm/testdata/scenario-200.S', import.meta.url), 'utf8')

const bench: Benchmark = {
  title: 'assembler (emulator-core/src/asm)',
  async run() {
    for (let i = 0; i < 10; i++) assemble(source)
    const runs: number[] = []
    for (let i = 0; i < 30; i++) {
      const start = performance.now()
      assemble(source, { origin: 0x400000n })
      runs.push(performance.now() - start)
    }
    runs.sort((a, b) => a - b)
    return [
      { name: 'asm_200_line_program_median_ms', value: runs[Math.floor(runs.length / 2)], goal: { op: '<=', value: 50 } },
      { name: 'asm_200_line_program_best_ms', value: runs[0] },
    ]
  },
}

export default bench

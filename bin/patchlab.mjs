#!/usr/bin/env node
// The `patchlab` CLI. The engine is TypeScript; tsx loads it without a build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('@patchlab/emulator-core/cli')
process.exitCode = await main(process.argv.slice(2))

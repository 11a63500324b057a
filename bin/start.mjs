#!/usr/bin/env node
// `npm start`: the desktop app. Without Electron's binary (no network), explain and offer browser mode.
import { spawnSync } from 'node:child_process'
import { createInterface } from 'node:readline/promises'
import { downloadFailedMessage, installElectron } from './electron-install.mjs'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (args) => spawnSync(npm, args, { stdio: 'inherit' }).status ?? 1

const installed = installElectron()
if (installed.ok) {
  process.exitCode = run(['exec', '--', 'electron-vite', 'build']) || run(['exec', '--', 'electron-vite', 'preview'])
} else {
  process.stderr.write(`${downloadFailedMessage(installed.reason)}\n`)
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    const answer = (await rl.question('Start browser mode now? [Y/n] ')).trim().toLowerCase()
    rl.close()
    process.exitCode = answer === '' || answer.startsWith('y') ? run(['run', 'serve']) : 1
  } else {
    process.exitCode = 1
  }
}

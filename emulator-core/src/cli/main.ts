import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PATCHLAB_VERSION } from '../version'
import type { Command } from './command'
import { UsageError, didYouMean } from './usage'

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands')

const MAIN_USAGE = 'usage: patchlab [--version] [--help] <command> [options]   (patchlab help <command>)'

/** Command names are the file names in commands/, so adding a command never edits this file. */
export function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort()
}

export async function loadCommand(name: string): Promise<Command> {
  const module = (await import(join(commandsDir, `${name}.ts`))) as { default: Command }
  return module.default
}

async function overview(): Promise<string> {
  const lines = [MAIN_USAGE, '', 'commands:']
  for (const n of commandNames()) lines.push(`  ${n.padEnd(11)} ${(await loadCommand(n)).summary}`)
  lines.push('', "Run 'patchlab help <command>' or 'patchlab <command> --help' for a command's options.")
  return `${lines.join('\n')}\n`
}

/** One line naming the problem, then the usage line; exit status 2 (git's and perf's habit). */
function usageError(command: string | undefined, message: string, usageLine: string): number {
  process.stderr.write(`patchlab${command ? ` ${command}` : ''}: ${message}\n${usageLine}\n`)
  return 2
}

function unknownCommand(name: string): number {
  const guess = didYouMean(name, commandNames())
  return usageError(undefined, `'${name}' is not a patchlab command${guess ? `; did you mean '${guess}'?` : ''}`, MAIN_USAGE)
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`patchlab ${PATCHLAB_VERSION}\n`)
    return 0
  }
  if (name === '--help' || name === '-h' || (name === 'help' && args.length === 0)) {
    process.stdout.write(await overview())
    return 0
  }
  if (!name) {
    process.stderr.write(await overview())
    return 2
  }
  if (name === 'help') {
    if (!commandNames().includes(args[0])) return unknownCommand(args[0])
    process.stdout.write(`${(await loadCommand(args[0])).usage}\n`)
    return 0
  }
  if (name.startsWith('-')) return usageError(undefined, `unknown option '${name}'${name.startsWith('--v') ? "; did you mean '--version'?" : ''}`, MAIN_USAGE)
  if (!commandNames().includes(name)) return unknownCommand(name)
  const command = await loadCommand(name)
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.usage}\n`)
    return 0
  }
  try {
    return await command.run(args)
  } catch (error) {
    if (error instanceof UsageError) return usageError(name, error.message, command.usage.split('\n')[0])
    throw error
  }
}

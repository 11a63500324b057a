import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from './command'

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands')

/** Command names are the file names in commands/, so adding a command never edits this file. */
function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort()
}

async function loadCommand(name: string): Promise<Command> {
  const module = (await import(join(commandsDir, `${name}.ts`))) as { default: Command }
  return module.default
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  const names = commandNames()
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = ['usage: patchlab <command> [options]', '', 'commands:']
    for (const n of names) lines.push(`  ${n.padEnd(10)} ${(await loadCommand(n)).summary}`)
    process.stdout.write(`${lines.join('\n')}\n`)
    return name ? 0 : 2
  }
  if (!names.includes(name)) {
    process.stderr.write(`patchlab: unknown command '${name}' (commands: ${names.join(', ')})\n`)
    return 2
  }
  const command = await loadCommand(name)
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.usage}\n`)
    return 0
  }
  return command.run(args)
}

/** One `patchlab <name>` subcommand. Each lives in `commands/<name>.ts` and default-exports this. */
export interface Command {
  /** One line for `patchlab --help`. */
  summary: string
  /** Full usage text for `patchlab <name> --help`. */
  usage: string
  /** Runs the command; resolves to the process exit status (2 = bad input). */
  run(args: string[]): Promise<number>
}

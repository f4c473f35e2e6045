import type { ApiClient } from '@sluice/api-client'

/** One option of a command, as `node:util` parseArgs takes it plus what help shows. */
export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  /** Checked before the command runs: a missing required option is a usage error. */
  required?: boolean
  /** May be given more than once (`--attr plan=pro --attr country=DE`); its value is then a list. */
  multiple?: boolean
  /** The placeholder help shows after the option: `<reason>`. */
  value?: string
  description: string
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>

export interface CommandInput {
  /** The positional arguments after `<group> <command>`, in the order `args` names them. */
  args: string[]
  options: OptionValues
}

/** What a command produced: the API's JSON for `--json`, and the text a person reads. */
export interface CommandResult {
  data: unknown
  text: string
}

export interface Command {
  name: string
  /** Positional arguments for help and the count check: `['<key>', '<percentage>']`. */
  args: string[]
  summary: string
  /** A longer note for `--help`: what the command changes, and for whom. */
  description?: string
  options?: Record<string, OptionSpec>
  run(api: ApiClient, input: CommandInput): Promise<CommandResult>
}

export interface CommandGroup {
  name: string
  summary: string
  commands: Command[]
  /** What the group does itself when no subcommand is named (`sluice export`, `sluice import FILE`); its `name` is empty. */
  command?: Command
}

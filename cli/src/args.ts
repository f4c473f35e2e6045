/**
 * Argument parsing on `node:util` parseArgs. Parsing runs twice: a lenient pass that knows
 * every option of every command finds `<group> <command>` wherever the options sit, then a
 * strict pass with only that command's options reports a misspelt option by name.
 */
import { parseArgs } from 'node:util'
import type { Command, CommandGroup, OptionSpec, OptionValues } from './command.js'

/** A mistake in how sluice was called: exit 2, with the help that fits. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

export const DEFAULT_URL = 'http://127.0.0.1:3001'

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  url: { type: 'string', value: '<url>', description: `Control plane URL (env SLUICE_URL, default ${DEFAULT_URL})` },
  token: { type: 'string', value: '<token>', description: 'API token (env SLUICE_TOKEN)' },
  json: { type: 'boolean', description: "Print the API's JSON instead of tables" },
  env: { type: 'string', value: '<environment>', description: 'The environment to read or change (env SLUICE_ENV, default: the server\'s DEFAULT_ENVIRONMENT)' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
}

type ParseOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options']

const forParseArgs = (specs: Record<string, OptionSpec>): ParseOptions =>
  Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]))

export interface Invocation {
  group?: CommandGroup
  command?: Command
  /** Positionals after the command. */
  args: string[]
  options: OptionValues
}

/** Finds the command named by `argv` and parses its options; UsageError for anything wrong. */
export function parseInvocation(argv: string[], groups: CommandGroup[], help: HelpText): Invocation {
  const everyOption = { ...GLOBAL_OPTIONS }
  for (const group of groups) for (const command of [...group.commands, ...(group.command ? [group.command] : [])]) Object.assign(everyOption, command.options)
  const lenient = parseArgs({ args: argv, options: forParseArgs(everyOption), allowPositionals: true, strict: false })
  const [groupName, commandName] = lenient.positionals
  const wantsHelp = lenient.values.help === true

  if (groupName === undefined || (groupName === 'help' && commandName === undefined)) {
    if (wantsHelp || groupName === 'help') return { args: [], options: { help: true } }
    throw new UsageError('no command given', help.top())
  }
  if (groupName === 'help') return parseInvocation([...lenient.positionals.slice(1), '--help'], groups, help)
  const group = groups.find((g) => g.name === groupName)
  if (!group) throw new UsageError(`unknown command "${groupName}"`, help.top())
  const subcommand = group.commands.find((c) => c.name === commandName)
  if (commandName === undefined && (wantsHelp || !group.command)) {
    if (wantsHelp) return { group, args: [], options: { help: true } }
    throw new UsageError(`"${group.name}" needs a subcommand`, help.group(group))
  }
  const command = subcommand ?? group.command
  if (!command) throw new UsageError(`unknown command "${group.name} ${commandName}"`, help.group(group))

  let strict
  try {
    strict = parseArgs({ args: argv, options: forParseArgs({ ...GLOBAL_OPTIONS, ...command.options }), allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(parseArgsMessage(error), help.command(group, command))
  }
  const options = strict.values as OptionValues
  // The group's own command takes the positionals right after the group's name.
  const args = strict.positionals.slice(subcommand ? 2 : 1)
  if (options.help) return { group, command, args, options }
  if (args.length < command.args.length) {
    throw new UsageError(`missing ${command.args.slice(args.length).join(' ')}`, help.command(group, command))
  }
  if (args.length > command.args.length) {
    throw new UsageError(`unexpected argument "${args[command.args.length]}"`, help.command(group, command))
  }
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const value = options[name]
    if (spec.required && (typeof value !== 'string' || value.trim() === '')) throw new UsageError(`--${name} is required`, help.command(group, command))
  }
  return { group, command, args, options }
}

/** parseArgs' messages, without its advice to use `--` (there are no positionals that start with -). */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option')
}

export interface HelpText {
  top(): string
  group(group: CommandGroup): string
  command(group: CommandGroup, command: Command): string
}

// Checks of option values the CLI can tell are wrong before asking the service. Ranges and
// rules (a percentage above the current one, steps ending at 100) stay the service's to say.

/** An option the command's spec marks `required` (parseInvocation has checked it is there). */
export function requiredString(options: OptionValues, name: string): string {
  const value = options[name]
  if (typeof value !== 'string') throw new OptionError(`--${name} is required`)
  return value
}

export function optionalString(options: OptionValues, name: string): string | undefined {
  const value = options[name]
  return typeof value === 'string' ? value : undefined
}

/** Every value of an option that may be given more than once. */
export function optionalStrings(options: OptionValues, name: string): string[] {
  const value = options[name]
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
}

export function parseNumber(name: string, value: string): number {
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number)) throw new OptionError(`${name} must be a number, got "${value}"`)
  return number
}

export function optionalNumber(options: OptionValues, name: string): number | undefined {
  const value = optionalString(options, name)
  return value === undefined ? undefined : parseNumber(`--${name}`, value)
}

export function optionalBoolean(options: OptionValues, name: string): boolean | undefined {
  const value = optionalString(options, name)
  if (value === undefined) return undefined
  if (value === 'true' || value === 'false') return value === 'true'
  throw new OptionError(`--${name} must be true or false, got "${value}"`)
}

export function optionalList(options: OptionValues, name: string): number[] | undefined {
  const value = optionalString(options, name)
  return value === undefined ? undefined : value.split(',').map((part) => parseNumber(`--${name}`, part.trim()))
}

/** A bad option value found by a command; the CLI turns it into a UsageError with that command's help. */
export class OptionError extends Error {
  override name = 'OptionError'
}

/** `fields` without the ones left undefined: a request body or query sends only the options given. */
export function given<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}

import { GLOBAL_OPTIONS, type HelpText } from './args.js'
import type { Command, CommandGroup, OptionSpec } from './command.js'

const usageOf = (group: CommandGroup, command: Command) => [group.name, command.name, ...command.args].filter(Boolean).join(' ')

function optionLines(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => [
    `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`,
    spec.description,
  ])
  const width = Math.max(...entries.map(([flag]) => flag!.length))
  return entries.map(([flag, text]) => `  ${flag!.padEnd(width)}  ${text}`)
}

function commandLines(groups: CommandGroup[]): string[] {
  const entries = groups.flatMap((group) => [...(group.command ? [group.command] : []), ...group.commands].map((command) => [usageOf(group, command), command.summary]))
  const width = Math.max(...entries.map(([usage]) => usage!.length))
  return entries.map(([usage, summary]) => `  ${usage!.padEnd(width)}  ${summary}`)
}

export function helpText(groups: CommandGroup[]): HelpText {
  return {
    top: () =>
      [
        'sluice: flags, canaries, rollbacks and chaos on a Sluice control plane',
        '',
        'Usage: sluice <command> <subcommand> [arguments] [options]',
        '',
        'Commands:',
        ...commandLines(groups),
        '',
        'Global options:',
        ...optionLines(GLOBAL_OPTIONS),
        '',
        'Run `sluice <command> <subcommand> --help` for its options.',
      ].join('\n'),
    group: (group) =>
      [`sluice ${group.name}: ${group.summary}`, '', 'Usage:', ...commandLines([group]).map((line) => `  sluice ${line.slice(2)}`), '', 'Global options:', ...optionLines(GLOBAL_OPTIONS)].join(
        '\n',
      ),
    command: (group, command) => {
      const options = command.options ?? {}
      const usage = [`sluice ${usageOf(group, command)}`, ...Object.entries(options).map(([name, spec]) => {
          const flag = `--${name}${spec.value ? ` ${spec.value}` : ''}`
          return spec.required ? flag : `[${flag}]`
        })]
      return [
        `Usage: ${usage.join(' ')}`,
        '',
        command.summary,
        ...(command.description ? ['', command.description] : []),
        ...(Object.keys(options).length ? ['', 'Options:', ...optionLines(options)] : []),
        '',
        'Global options:',
        ...optionLines(GLOBAL_OPTIONS),
      ].join('\n')
    },
  }
}

import { describe, expect, it } from 'vitest'
import { parseInvocation, UsageError } from './args.js'
import { GROUPS } from './cli.js'
import { helpText } from './help.js'

const help = helpText(GROUPS)
const parse = (...argv: string[]) => parseInvocation(argv, GROUPS, help)
const usageError = (...argv: string[]) => {
  try {
    parse(...argv)
  } catch (error) {
    if (error instanceof UsageError) return error.message
    throw error
  }
  throw new Error(`no usage error for ${argv.join(' ')}`)
}

describe('parseInvocation', () => {
  it('finds the command wherever the global options sit', () => {
    const parsed = parse('--url', 'http://sluice:3001', 'canary', '--json', 'increase', 'pay', '25')
    expect(parsed.command?.name).toBe('increase')
    expect(parsed.args).toEqual(['pay', '25'])
    expect(parsed.options).toMatchObject({ url: 'http://sluice:3001', json: true })
  })

  it('reads command options, including ones with dashes', () => {
    const parsed = parse('canary', 'start', 'pay', '--version', 'v2', '--steps', '5,50,100', '--min-sample', '200')
    expect(parsed.options).toMatchObject({ version: 'v2', steps: '5,50,100', 'min-sample': '200' })
  })

  it('names what is wrong', () => {
    expect(usageError()).toBe('no command given')
    expect(usageError('launch')).toBe('unknown command "launch"')
    expect(usageError('flags')).toBe('"flags" needs a subcommand')
    expect(usageError('flags', 'rm', 'x')).toBe('unknown command "flags rm"')
    expect(usageError('flags', 'get')).toBe('missing <key>')
    expect(usageError('flags', 'get', 'a', 'b')).toBe('unexpected argument "b"')
    expect(usageError('canary', 'rollback', 'pay')).toBe('--reason is required')
    expect(usageError('flags', 'set', 'pay', '--colour', 'red')).toMatch(/unknown option '--colour'/)
    // An option of another command is still unknown here.
    expect(usageError('flags', 'ls', '--reason', 'x')).toMatch(/unknown option '--reason'/)
  })

  it('asks for help at every level, without needing the arguments', () => {
    expect(parse('--help').options.help).toBe(true)
    expect(parse('help').options.help).toBe(true)
    expect(parse('chaos', '-h').group?.name).toBe('chaos')
    expect(parse('help', 'canary', 'rollback')).toMatchObject({ command: { name: 'rollback' }, options: { help: true } })
    expect(parse('canary', 'rollback', '--help').options.help).toBe(true)
  })
})

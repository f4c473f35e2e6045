/**
 * The whole CLI as a function of its arguments, environment and streams, so it runs the same
 * from bin/main.ts and from tests. Returns the exit code: 0 done, 1 the service (or the
 * network) said no, 2 sluice was called wrongly.
 */
import { createRequire } from 'node:module'
import { createApiClient } from '@sluice/api-client'
import { DEFAULT_URL, OptionError, parseInvocation, UsageError } from './args.js'
import type { CommandGroup } from './command.js'
import { canaryGroup } from './commands/canary.js'
import { chaosGroup } from './commands/chaos.js'
import { flagsGroup } from './commands/flags.js'
import { importGroup } from './commands/import.js'
import { exportGroup } from './commands/transfer.js'
import { rollbackGroup } from './commands/rollback.js'
import { segmentsGroup } from './commands/segments.js'
import { tokensGroup } from './commands/tokens.js'
import { environmentsGroup } from './commands/environments.js'
import { deployersGroup, deployGroup } from './commands/deploy.js'
import { helpText } from './help.js'
import { printError, printHelp, printResult, type Streams } from './output.js'

export const GROUPS: CommandGroup[] = [flagsGroup, segmentsGroup, canaryGroup, rollbackGroup, deployGroup, deployersGroup, chaosGroup, tokensGroup, environmentsGroup, exportGroup, importGroup]

/** Paths that are not environment state: tokens and the environments themselves. */
const GLOBAL_PATHS = /\/api\/v1\/admin\/(api-tokens|environments|deployers)(\/|$)/

/**
 * `--env` (or SLUICE_ENV) addresses every environment-scoped request at one environment, as
 * `?environment=`: one option for every command rather than one per command.
 */
function inEnvironment(request: Request, environment: string | undefined): Request {
  const url = new URL(request.url)
  if (environment === undefined || GLOBAL_PATHS.test(url.pathname) || url.searchParams.has('environment')) return request
  url.searchParams.set('environment', environment)
  return new Request(url, request)
}

/** From src/ in tests and from dist/ once built, package.json is one folder up. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version

/** An on-call engineer must not wait on a hung connection; long enough for a loaded service. */
const REQUEST_TIMEOUT_MS = 30_000

export interface CliEnvironment extends Streams {
  env: Record<string, string | undefined>
  /** The fetch requests go through (default: the global one). */
  fetch?: (request: Request) => Promise<Response>
}

export async function runCli(argv: string[], { env, stdout, stderr, fetch: send = fetch }: CliEnvironment): Promise<number> {
  const streams = { stdout, stderr }
  // Only as the first argument: `canary start --version v3` names a release.
  if (argv[0] === '--version') {
    stdout.write(`sluice ${VERSION}\n`)
    return 0
  }
  const help = helpText(GROUPS)
  const json = argv.includes('--json')
  let url = DEFAULT_URL
  try {
    const { group, command, args, options } = parseInvocation(argv, GROUPS, help)
    if (options.help || !command || !group) return printHelp(streams, command && group ? help.command(group, command) : group ? help.group(group) : help.top())
    url = (typeof options.url === 'string' ? options.url : env.SLUICE_URL) || DEFAULT_URL
    const token = (typeof options.token === 'string' ? options.token : env.SLUICE_TOKEN) || ''
    if (!/^https?:\/\/[^/]/i.test(url)) throw new UsageError(`--url must be an http(s) URL such as ${DEFAULT_URL}, got "${url}"`, help.command(group, command))
    if (!token.trim()) throw new UsageError('no API token: pass --token or set SLUICE_TOKEN', help.command(group, command))
    const environment = (typeof options.env === 'string' ? options.env : env.SLUICE_ENV) || undefined
    const api = createApiClient({
      url,
      token,
      fetch: (request) => send(new Request(inEnvironment(request, environment), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })),
    })
    try {
      return printResult(streams, await command.run(api, { args, options }), options.json === true)
    } catch (error) {
      if (error instanceof OptionError) throw new UsageError(error.message, help.command(group, command))
      throw error
    }
  } catch (error) {
    return printError(streams, error, json, url)
  }
}

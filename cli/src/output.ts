/**
 * Where results and errors go. With `--json` stdout carries exactly the API's JSON (one
 * document per call, so it pipes into jq) and a failure puts the server's error object on
 * stderr; otherwise both are written for a person. The exit code says which happened.
 */
import { ApiError } from '@sluice/api-client'
import { UsageError } from './args.js'
import type { CommandResult } from './command.js'

export interface Streams {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

export function printResult(streams: Streams, result: CommandResult, json: boolean): number {
  streams.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`)
  return EXIT_OK
}

export function printHelp(streams: Streams, text: string): number {
  streams.stdout.write(`${text}\n`)
  return EXIT_OK
}

/** Prints a failure and returns the exit code for it. `url` names the service a network error was about. */
export function printError(streams: Streams, error: unknown, json: boolean, url: string): number {
  if (error instanceof UsageError) {
    streams.stderr.write(`error: ${error.message}\n\n${error.help}\n`)
    return EXIT_USAGE
  }
  if (error instanceof ApiError) {
    if (json) streams.stderr.write(`${JSON.stringify(error.toJSON())}\n`)
    else streams.stderr.write(`error: ${error.message} (${error.statusCode} ${error.error}${error.code ? `, ${error.code}` : ''})\n`)
    return EXIT_FAILED
  }
  const message = describeFailure(error, url)
  streams.stderr.write(json ? `${JSON.stringify({ error: message })}\n` : `error: ${message}\n`)
  return EXIT_FAILED
}

/** fetch hides the reason for a failed connection in `cause`; an on-call engineer needs it. */
function describeFailure(error: unknown, url: string): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `${url} did not answer in time`
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = error.cause as { code?: string; message?: string } | undefined
    return `cannot reach ${url}: ${cause?.code ?? cause?.message ?? 'connection failed'}`
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * The SDK logs an error only when nobody listens for `error`. The provider listens (to turn
 * errors into PROVIDER_ERROR events), which silences the SDK, so it logs them in the SDK's
 * place and the SDK's way: a failure that repeats is logged once a minute, not once per retry,
 * so a control plane that stays down does not flood the application's logs.
 */
import type { Logger } from '@sluice/sdk'

const RELOG_AFTER_MS = 60_000
const noop = (): void => {}

const consoleLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: (message: string, ...details: unknown[]) => console.warn(`[sluice] ${message}`, ...details),
  error: (message: string, ...details: unknown[]) => console.error(`[sluice] ${message}`, ...details),
})

/** A console-style logger with every method, missing ones silent (as the SDK treats its `logger` option). */
export function completeLogger(logger: Partial<Logger> | undefined): Logger {
  if (logger === undefined) return consoleLogger
  const method = (name: keyof Logger): Logger[keyof Logger] => (typeof logger[name] === 'function' ? logger[name].bind(logger) : noop)
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') }
}

export class ErrorLog {
  private last: { key: string; at: number } | undefined

  constructor(private readonly logger: Logger) {}

  report(error: Error): void {
    const code = codeOf(error)
    const key = `${code}:${error.message}`
    const now = Date.now()
    if (this.last?.key === key && now - this.last.at < RELOG_AFTER_MS) {
      this.logger.debug(error.message)
      return
    }
    this.last = { key, at: now }
    // Answers that need an operator (a revoked or wrong key) are errors; the rest heal on their own.
    if (code === 'SLUICE_UNAUTHORIZED' || code === 'SLUICE_FORBIDDEN') this.logger.error(error.message)
    else this.logger.warn(error.message)
  }
}

/** The SDK's stable error code, or undefined for an error without one. */
export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

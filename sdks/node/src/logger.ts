/**
 * The SDK logs through a `{ debug, info, warn, error }` object, console-style: a message and
 * maybe an error or details after it. That shape fits `console`, pino and most others. The
 * default is quiet: an SDK that prints on every reconnect in a healthy service is noise.
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void
  info(message: string, ...details: unknown[]): void
  warn(message: string, ...details: unknown[]): void
  error(message: string, ...details: unknown[]): void
}

const noop = (): void => {}

export const defaultLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: (message: string, ...details: unknown[]) => console.warn(`[sluice] ${message}`, ...details),
  error: (message: string, ...details: unknown[]) => console.error(`[sluice] ${message}`, ...details),
})

export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop })

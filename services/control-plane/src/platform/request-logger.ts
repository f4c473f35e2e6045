/**
 * Fastify gives every request a child logger bound to its id. Making one costs pino a copy of
 * its parent's bindings and, on a route with a level of its own (HOT_ROUTE_LOG_LEVEL), a rebuild
 * of every log method: per request, on the busiest routes, for lines those routes almost never
 * write. So a request's logger is a stand-in that makes the child on the first line written at
 * or above its level, and a line below it costs one comparison.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino'

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const
type Level = (typeof LEVELS)[number]

/** What pino adds to the Fastify logger type: its level numbers. */
interface PinoLevels {
  levels?: { values: Record<string, number> }
}

class DeferredChildLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined

  constructor(
    private readonly parent: FastifyBaseLogger & PinoLevels,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return this.made?.level ?? this.options.level ?? this.parent.level
  }

  set level(level: string) {
    this.logger().level = level
  }

  declare trace: LogFn
  declare debug: LogFn
  declare info: LogFn
  declare warn: LogFn
  declare error: LogFn
  declare fatal: LogFn

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options)
  }

  write(level: Level, args: unknown[]): void {
    const values = this.parent.levels!.values
    // `silent` has no number: nothing is at or above it.
    if (values[level]! < (values[this.level] ?? Number.POSITIVE_INFINITY)) return
    ;(this.logger()[level] as (...a: unknown[]) => void)(...args)
  }

  private logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options))
  }
}

for (const level of LEVELS) {
  DeferredChildLogger.prototype[level] = function (this: DeferredChildLogger, ...args: unknown[]) {
    this.write(level, args)
  } as LogFn
}

export function deferredChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  // Fastify's silent logger (tests pass `logger: false`) has no levels, and its children cost nothing.
  if (!(logger as PinoLevels).levels) return logger.child(bindings, options)
  return new DeferredChildLogger(logger, bindings, options)
}

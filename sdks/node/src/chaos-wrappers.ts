/**
 * `chaos.wrap('database', fn)` and `chaos.wrapObject('redis', client, ['get', 'set'])`: calls
 * that fail, the way a lost connection makes them fail, while a matching rule is armed.
 *
 * A wrapped function keeps its signature and its kind: a synchronous one throws, one that
 * returns a promise rejects (the failure never turns a sync API into an async one or the other
 * way round). Async functions are known as such; for a plain function that returns a promise
 * (many drivers' `query`), the wrapper learns it from the first call, or `{ async: true }`
 * says so from the start.
 *
 * In a process where chaos is disarmed (production), `wrap` returns `fn` itself and
 * `wrapObject` changes nothing: the wrappers cost nothing where they can never fire.
 */
import { types } from 'node:util'
import type { ChaosEngine } from './chaos.js'
import { connectionFailure } from './chaos-errors.js'
import type { WrapperKind } from './chaos-rules.js'
import { InvalidOptionError } from './errors.js'

export interface WrapOptions {
  /**
   * Whether the function returns a promise, so an injected failure rejects rather than
   * throws. Default: true for async functions; for others, learned from the first call (a
   * failure injected before any call throws).
   */
  async?: boolean
}

type AnyFunction = (...args: never[]) => unknown

/** The keys of `T` that hold functions. */
export type MethodKeys<T> = { [K in keyof T]-?: T[K] extends AnyFunction ? K : never }[keyof T] & string

const WRAPPED = Symbol.for('sluice.chaos.wrapped')
const KINDS: ReadonlySet<string> = new Set<WrapperKind>(['database', 'redis'])

function checkKind(where: string, kind: unknown): asserts kind is WrapperKind {
  if (typeof kind !== 'string' || !KINDS.has(kind)) throw InvalidOptionError.expected(`${where}(kind)`, '"database" or "redis"', kind)
}

function checkOptions(where: string, options: unknown): WrapOptions {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null) throw InvalidOptionError.expected(`${where} options`, 'an object', options)
  const { async } = options as WrapOptions
  if (async !== undefined && typeof async !== 'boolean') throw InvalidOptionError.expected(`${where} options.async`, 'a boolean', async)
  return options as WrapOptions
}

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

function wrapChecked<F extends AnyFunction>(engine: ChaosEngine, kind: WrapperKind, fn: F, async: boolean | undefined, name: string): F {
  const lane = engine.lanes[kind]
  let returnsPromise = async ?? (types.isAsyncFunction(fn) ? true : undefined)
  const wrapped = function (this: unknown): unknown {
    if (lane.active) {
      const rule = engine.callFailure(kind)
      if (rule !== undefined) {
        const error = connectionFailure(rule.id, kind, rule.config, wrapped)
        if (returnsPromise === true) return Promise.reject(error)
        throw error
      }
    }
    // `arguments` rather than a rest parameter: no array is allocated on the way through.
    if (returnsPromise !== undefined) return fn.apply(this, arguments as never)
    const result = fn.apply(this, arguments as never)
    returnsPromise = isThenable(result)
    return result
  }
  Object.defineProperty(wrapped, 'name', { value: name, configurable: true })
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true })
  Object.defineProperty(wrapped, WRAPPED, { value: kind })
  return wrapped as unknown as F
}

/** A function with the same signature that fails while a matching `kind` rule is armed. */
export function wrapFunction<F extends AnyFunction>(engine: ChaosEngine, kind: WrapperKind, fn: F, options?: WrapOptions): F {
  checkKind('chaos.wrap', kind)
  if (typeof fn !== 'function') throw InvalidOptionError.expected('chaos.wrap(kind, fn): fn', 'a function', fn)
  const { async } = checkOptions('chaos.wrap', options)
  if (!engine.processArmed) return fn
  if ((fn as { [WRAPPED]?: unknown })[WRAPPED] === kind) return fn
  return wrapChecked(engine, kind, fn, async, fn.name)
}

/**
 * Replaces `methods` of `target` in place with wrapped ones, bound to `target`, and returns
 * `target`: everything already holding the object (a pool shared by repositories) gets the
 * faults too. Methods already wrapped for the same kind are left as they are.
 */
export function wrapMethods<T extends object>(engine: ChaosEngine, kind: WrapperKind, target: T, methods: readonly string[], options?: WrapOptions): T {
  checkKind('chaos.wrapObject', kind)
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) {
    throw InvalidOptionError.expected('chaos.wrapObject(kind, target): target', 'an object', target)
  }
  if (!Array.isArray(methods) || methods.length === 0) {
    throw InvalidOptionError.expected('chaos.wrapObject(kind, target, methods): methods', 'a non-empty array of method names', methods)
  }
  const { async } = checkOptions('chaos.wrapObject', options)
  const record = target as Record<string, unknown>
  for (const method of methods) {
    if (typeof record[method] !== 'function') {
      throw InvalidOptionError.expected(`chaos.wrapObject: target.${String(method)}`, 'a method', record[method])
    }
  }
  if (!engine.processArmed) return target
  for (const method of methods) {
    const original = record[method] as AnyFunction
    if ((original as { [WRAPPED]?: unknown })[WRAPPED] === kind) continue
    const isAsync = async ?? (types.isAsyncFunction(original) ? true : undefined)
    const wrapped = wrapChecked(engine, kind, original.bind(target) as AnyFunction, isAsync, original.name)
    try {
      record[method] = wrapped
    } catch (error) {
      throw new InvalidOptionError(`chaos.wrapObject: target.${method} cannot be replaced (${(error as Error).message})`)
    }
    if (record[method] !== wrapped) throw new InvalidOptionError(`chaos.wrapObject: target.${method} cannot be replaced (read-only)`)
  }
  return target
}

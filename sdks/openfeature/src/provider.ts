/**
 * An OpenFeature server provider over the Sluice Node SDK. Evaluation stays the SDK's: local,
 * synchronous, from the streamed state; this class only translates the context in, and the
 * evaluation out, into the value the caller asked for.
 *
 * Sluice flags are on or off, and may hand out variants with JSON payloads (docs/api.md, "Evaluation"), so
 * each OpenFeature type reads a different part of one evaluation: a boolean is the on/off,
 * a string is the variant's key, a number or an object is the variant's payload.
 *
 * When the evaluation holds no value of the kind asked for (the flag is off, is on without
 * variants, or its variant has no payload), every type answers the same way: the caller's
 * default with reason DEFAULT (DISABLED for a disabled flag), and no error. The OpenFeature
 * spec (§"Resolution reasons") defines DEFAULT as a value that "fell back to a pre-configured
 * value" because dynamic evaluation yielded none, and TYPE_MISMATCH as a flag value whose
 * type differs from the one requested: only a payload that exists and has another type (a
 * string or null where a number is asked for) is a TYPE_MISMATCH.
 */
import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderFatalError,
  StandardResolutionReasons,
  type EvaluationContext,
  type FlagMetadata,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
} from '@openfeature/server-sdk'
import { createClient, InvalidOptionError, type ClientOptions, type Evaluation, type Logger, type SluiceClient } from '@sluice/sdk'
import { toSluiceContext } from './context.js'
import { completeLogger, ErrorLog } from './error-log.js'
import { EventBridge } from './events.js'
import { fallbackReason, flagReason, variantReason } from './reasons.js'

export interface SluiceProviderOptions {
  /** How long `initialize()` (and so `OpenFeature.setProviderAndWait`) waits for the first state. Default: `ready()`'s, 10 000. */
  readyTimeoutMs?: number
  /**
   * Where the SDK errors the provider takes over are logged (see README, Events). Default: the
   * `logger` of the client options, else warnings and errors to the console.
   */
  logger?: Partial<Logger>
}

type Resolution<T> = Omit<ResolutionDetails<T>, 'variant' | 'flagMetadata'>

export class SluiceProvider implements Provider {
  readonly metadata = Object.freeze({ name: 'sluice' })
  readonly runsOn = 'server'
  readonly events = new OpenFeatureEventEmitter()
  /** The SDK client behind the provider, for what OpenFeature has no words for (`recordRequest`, `chaos`, route guards). */
  readonly client: SluiceClient
  private readonly owned: boolean
  private readonly readyTimeoutMs: number | undefined
  private readonly bridge: EventBridge
  private closed = false

  /**
   * With client options, the provider creates the client and closes it in `onClose()`.
   * With a client, the application keeps it: the provider never closes it.
   */
  constructor(clientOrOptions: SluiceClient | ClientOptions, options: SluiceProviderOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw InvalidOptionError.expected('SluiceProvider options', 'an object such as { readyTimeoutMs }', options)
    }
    const { readyTimeoutMs } = options
    if (readyTimeoutMs !== undefined && (typeof readyTimeoutMs !== 'number' || !(readyTimeoutMs >= 0) || !Number.isFinite(readyTimeoutMs))) {
      throw InvalidOptionError.expected('readyTimeoutMs', 'a non-negative number of milliseconds', readyTimeoutMs)
    }
    this.readyTimeoutMs = readyTimeoutMs
    if (isClient(clientOrOptions)) {
      this.client = clientOrOptions
      this.owned = false
    } else {
      if (typeof clientOrOptions !== 'object' || clientOrOptions === null) {
        throw InvalidOptionError.expected('SluiceProvider(clientOrOptions)', 'a Sluice client or createClient options such as { url, sdkKey }', clientOrOptions)
      }
      this.client = createClient(clientOrOptions)
      this.owned = true
    }
    const logger = options.logger ?? (this.owned ? (clientOrOptions as ClientOptions).logger : undefined)
    this.bridge = new EventBridge(this.client, this.events, new ErrorLog(completeLogger(logger)))
  }

  async initialize(): Promise<void> {
    if (this.closed) throw new ProviderFatalError('this SluiceProvider was closed, and its client with it; create a new provider')
    this.bridge.attach()
    try {
      await this.client.ready(this.readyTimeoutMs === undefined ? undefined : { timeoutMs: this.readyTimeoutMs })
    } catch (error) {
      this.bridge.initialized(false)
      throw error
    }
    this.bridge.initialized(true)
  }

  async onClose(): Promise<void> {
    this.bridge.detach()
    if (!this.owned || this.closed) return
    this.closed = true
    await this.client.close()
  }

  async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.resolve(flagKey, defaultValue, context, (evaluation) => ({ value: evaluation.enabled, reason: flagReason(evaluation.reason) }))
  }

  async resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.resolve(flagKey, defaultValue, context, (evaluation) =>
      evaluation.enabled && evaluation.variant !== undefined
        ? { value: evaluation.variant.key, reason: variantReason(evaluation.reason) }
        : { value: defaultValue, reason: fallbackReason(evaluation.reason) },
    )
  }

  async resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.resolve(flagKey, defaultValue, context, (evaluation) => {
      const payload = evaluation.variant?.payload
      if (!evaluation.enabled || payload === undefined) return { value: defaultValue, reason: fallbackReason(evaluation.reason) }
      if (typeof payload === 'number') return { value: payload, reason: variantReason(evaluation.reason) }
      return typeMismatch(flagKey, defaultValue, evaluation, 'a number')
    })
  }

  async resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    return this.resolve(flagKey, defaultValue, context, (evaluation) => {
      const payload = evaluation.variant?.payload
      if (!evaluation.enabled || payload === undefined) return { value: defaultValue, reason: fallbackReason(evaluation.reason) }
      // The payload is the engine's frozen copy: shared by every evaluation that picks this variant.
      if (typeof payload === 'object' && payload !== null) return { value: payload as T, reason: variantReason(evaluation.reason) }
      return typeMismatch(flagKey, defaultValue, evaluation, 'a JSON object or array')
    })
  }

  /** What every type shares: readiness, unknown and broken flags, the variant and the metadata. */
  private resolve<T>(flagKey: string, defaultValue: T, context: EvaluationContext, read: (evaluation: Evaluation) => Resolution<T>): ResolutionDetails<T> {
    if (!this.bridge.ready) {
      return failure(defaultValue, ErrorCode.PROVIDER_NOT_READY, 'the Sluice client has no flag state yet; it keeps trying to reach the control plane')
    }
    const evaluation = this.client.evaluate(flagKey, toSluiceContext(context))
    // The engine's own reason, finer than OpenFeature's: SPLIT alone does not say in or out of a rollout.
    const flagMetadata: FlagMetadata = { enabled: evaluation.enabled, sluiceReason: evaluation.reason }
    switch (evaluation.reason) {
      case 'not_found':
        return { ...failure(defaultValue, ErrorCode.FLAG_NOT_FOUND, `flag "${flagKey}" not found`), flagMetadata }
      case 'error':
        return { ...failure(defaultValue, ErrorCode.GENERAL, `flag "${flagKey}" has a definition the engine cannot evaluate; it is off`), flagMetadata }
    }
    const resolution = read(evaluation)
    // The caller's default is no variant's value, so an answer that fell back to it names none.
    const fellBack = resolution.reason === StandardResolutionReasons.DEFAULT || resolution.reason === StandardResolutionReasons.DISABLED
    const variant = resolution.errorCode === undefined && !fellBack ? evaluation.variant?.key : undefined
    return variant === undefined ? { ...resolution, flagMetadata } : { ...resolution, variant, flagMetadata }
  }
}

function failure<T>(value: T, errorCode: ErrorCode, errorMessage: string): ResolutionDetails<T> {
  return { value, reason: StandardResolutionReasons.ERROR, errorCode, errorMessage }
}

function typeMismatch<T>(flagKey: string, defaultValue: T, evaluation: Evaluation, expected: string): Resolution<T> {
  return failure(defaultValue, ErrorCode.TYPE_MISMATCH, `flag "${flagKey}" gave variant "${evaluation.variant!.key}" with ${describePayload(evaluation.variant!.payload)}, not ${expected}`)
}

function describePayload(payload: unknown): string {
  if (payload === null) return 'a null payload'
  if (Array.isArray(payload)) return 'an array payload'
  return typeof payload === 'object' ? 'an object payload' : `a ${typeof payload} payload`
}

function isClient(value: unknown): value is SluiceClient {
  const candidate = value as Partial<SluiceClient> | null | undefined
  return typeof candidate?.evaluate === 'function' && typeof candidate.ready === 'function' && typeof candidate.on === 'function'
}

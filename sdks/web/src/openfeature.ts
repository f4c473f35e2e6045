/**
 * An OpenFeature web provider on @sluice/web: `OpenFeature.setProvider(new SluiceWebProvider({
 * url, clientKey }))`. Evaluation is synchronous from the client's last bulk answer; a context
 * change re-fetches; a live change emits ConfigurationChanged so OpenFeature's hooks and
 * framework bindings re-render. Errors keep OpenFeature's codes as the service sent them.
 */
import {
  type EvaluationContext,
  type FlagValue,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/web-sdk'
import { createWebClient, type WebClient, type WebClientOptions } from './client.js'

type Expected = 'boolean' | 'string' | 'number' | 'object'

export class SluiceWebProvider implements Provider {
  readonly metadata = { name: 'sluice-web' } as const
  readonly runsOn = 'client' as const
  readonly events = new OpenFeatureEventEmitter()
  /** The @sluice/web client behind the provider, for `recordOutcome`. Created in `initialize`. */
  client: WebClient | undefined

  constructor(private readonly options: Omit<WebClientOptions, 'context'>) {}

  async initialize(context?: EvaluationContext): Promise<void> {
    const client = createWebClient({ ...this.options, context: {} })
    this.client = client
    client.on('change', () => this.events.emit(ProviderEvents.ConfigurationChanged))
    client.on('error', (error) => this.events.emit(ProviderEvents.Error, { message: String(error) }))
    await client.setOfrepContext(context ?? {})
  }

  async onContextChange(_old: EvaluationContext, next: EvaluationContext): Promise<void> {
    await this.client?.setOfrepContext(next)
  }

  async onClose(): Promise<void> {
    this.client?.close()
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean): ResolutionDetails<boolean> {
    return this.resolve(flagKey, defaultValue, 'boolean')
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string> {
    return this.resolve(flagKey, defaultValue, 'string')
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number> {
    return this.resolve(flagKey, defaultValue, 'number')
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
    return this.resolve(flagKey, defaultValue, 'object')
  }

  private resolve<T extends FlagValue>(flagKey: string, defaultValue: T, expected: Expected): ResolutionDetails<T> {
    const answer = this.client?.answer(flagKey)
    const failure = (errorCode: string, errorMessage: string) => ({ value: defaultValue, reason: 'ERROR', errorCode, errorMessage }) as ResolutionDetails<T>
    if (!answer) return failure(this.client ? 'FLAG_NOT_FOUND' : 'PROVIDER_NOT_READY', `no answer for flag "${flagKey}"`)
    if (answer.errorCode) return failure(answer.errorCode, answer.errorDetails ?? answer.errorCode)
    const flagMetadata = { ...answer.metadata }
    if (answer.value === undefined) return { value: defaultValue, reason: answer.reason ?? 'DEFAULT', flagMetadata }
    const actual = answer.value === null ? 'null' : typeof answer.value
    if (actual !== expected) return failure('TYPE_MISMATCH', `flag "${flagKey}" is a ${actual}, not a ${expected}`)
    return { value: answer.value as T, reason: answer.reason ?? 'UNKNOWN', flagMetadata, ...(answer.variant === undefined ? {} : { variant: answer.variant }) }
  }
}

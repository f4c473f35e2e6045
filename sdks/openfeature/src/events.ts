/**
 * The SDK client's events as OpenFeature provider events (spec §5). The OpenFeature SDK keeps
 * the provider's status from what the provider emits (5.3.5) and emits READY or ERROR itself
 * when `initialize` settles (5.3.1, 5.3.2), so nothing is emitted here until then; after it:
 *
 * - `change`       → CONFIGURATION_CHANGED, one per burst: a snapshot that replaced the state
 *                    announces each changed flag separately but synchronously, so the keys are
 *                    gathered until the current task ends and sent as one `flagsChanged` list.
 *                    A segment change may change any rules flag, so its burst has no list.
 * - `disconnected` → STALE: the last state is still served, but may be out of date, which is
 *                    what STALE means (5.1.1).
 * - `reconnected`  → READY: the provider has recovered (5.1.1).
 * - `error`        → ERROR with the SDK's message and code.
 * - `ready` after a failed initialize → READY: the client kept trying and got there (5.3.2).
 *
 * After an ERROR, the next applied flag change also ends the error state: fresh state from
 * the control plane arrived, so the status goes back to what the stream says (STALE while it
 * is down, READY otherwise). Without that, an error the SDK carried on from (a malformed event,
 * a cache file it could not write) would leave the status at ERROR for as long as the stream lasts.
 */
import { ErrorCode, type OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/server-sdk'
import type { ChangeEvent, DisconnectedEvent, ReconnectedEvent, SluiceClient } from '@sluice/sdk'
import { codeOf, type ErrorLog } from './error-log.js'

type Status = 'initializing' | 'ready' | 'stale' | 'error'

export class EventBridge {
  private status: Status = 'initializing'
  private attached = false
  private streamDown = false
  private hasState = false
  private readonly changed = new Set<string>()
  /** A segment changed: some flags' values may have, and which ones is not known here. */
  private segmentChanged = false
  private lastSeq = 0
  private flushQueued = false

  private readonly onReady = (): void => {
    this.hasState = true
    if (this.status === 'error') this.emitStatus('ready')
  }

  private readonly onChange = (change: ChangeEvent): void => {
    // canary.* and chaos.* change no flag's value: a canary moves its flag through flag.upserted.
    if (change.type === 'segment.upserted' || change.type === 'segment.deleted') this.segmentChanged = true
    else if (change.type === 'flag.upserted' || change.type === 'flag.archived' || change.type === 'flag.removed') this.changed.add(change.key)
    else return
    this.lastSeq = change.seq
    if (this.flushQueued) return
    this.flushQueued = true
    queueMicrotask(this.flush)
  }

  private readonly flush = (): void => {
    this.flushQueued = false
    if (!this.attached || (this.changed.size === 0 && !this.segmentChanged)) return
    // flagsChanged is optional (spec 5.2.3): after a segment change it is left out, since any flag may have changed.
    const flagsChanged = this.segmentChanged ? undefined : [...this.changed]
    this.changed.clear()
    this.segmentChanged = false
    if (this.status === 'error') this.emitStatus(this.streamDown ? 'stale' : 'ready')
    this.events.emit(ProviderEvents.ConfigurationChanged, { ...(flagsChanged ? { flagsChanged } : {}), metadata: { seq: this.lastSeq } })
  }

  private readonly onDisconnected = (event: DisconnectedEvent): void => {
    this.streamDown = true
    if (this.status !== 'initializing') this.emitStatus('stale', event.error.message)
  }

  private readonly onReconnected = (event: ReconnectedEvent): void => {
    this.streamDown = false
    if (this.status !== 'initializing') this.emitStatus('ready', `stream reconnected after ${event.downtimeMs} ms`)
  }

  private readonly onError = (error: Error): void => {
    this.errors.report(error)
    // While initializing, initialize()'s rejection (whose message names the last error) is the report.
    if (this.status === 'initializing') return
    this.status = 'error'
    this.events.emit(ProviderEvents.Error, {
      message: error.message,
      errorCode: ErrorCode.GENERAL,
      metadata: { code: codeOf(error) ?? 'UNKNOWN' },
    })
  }

  constructor(
    private readonly client: SluiceClient,
    private readonly events: OpenFeatureEventEmitter,
    private readonly errors: ErrorLog,
  ) {}

  /** Whether the client holds a state to evaluate (from the control plane, a bootstrap or a cache file). */
  get ready(): boolean {
    return this.hasState
  }

  /** Starts listening; `initialize()` calls it before waiting, so no `ready` can slip between. */
  attach(): void {
    if (this.attached) return
    this.attached = true
    this.status = 'initializing'
    this.client.on('ready', this.onReady)
    this.client.on('change', this.onChange)
    this.client.on('disconnected', this.onDisconnected)
    this.client.on('reconnected', this.onReconnected)
    this.client.on('error', this.onError)
  }

  /** `initialize()` settled: from now on, status changes are the provider's to announce. */
  initialized(succeeded: boolean): void {
    if (succeeded) this.hasState = true
    this.status = succeeded ? 'ready' : 'error'
  }

  detach(): void {
    if (!this.attached) return
    this.attached = false
    this.changed.clear()
    this.client.off('ready', this.onReady)
    this.client.off('change', this.onChange)
    this.client.off('disconnected', this.onDisconnected)
    this.client.off('reconnected', this.onReconnected)
    this.client.off('error', this.onError)
  }

  private emitStatus(status: 'ready' | 'stale', message?: string): void {
    this.status = status
    const details = message === undefined ? undefined : { message }
    this.events.emit(status === 'ready' ? ProviderEvents.Ready : ProviderEvents.Stale, details)
  }
}

/**
 * Keeps the client's state current from the control plane: the stream, `GET /sdk/state` polls
 * while the stream fails, and the cache file.
 *
 * Where state comes from, in order of trust: the stream (or `/sdk/state` while the stream is
 * failing), then the cache file (the last state this service saw, used only once the control
 * plane has failed to answer), then the bootstrap. Only state from the control plane is
 * resumed from with `Last-Event-ID` and written to the cache file: a bootstrap's seq may come
 * from another control plane, and resuming from it would skip the snapshot that corrects it.
 */
import type { Snapshot } from '@sluice/core'
import type { Agent } from 'undici'
import { CacheFile } from './cache-file.js'
import type { DisconnectedEvent, ReconnectedEvent, StateFeed } from './client.js'
import { type ConnectionError, SluiceError } from './errors.js'
import { needsOperator } from './http.js'
import type { Logger } from './logger.js'
import type { ResolvedOptions } from './options.js'
import type { SseEvent } from './sse-parser.js'
import { StatePoller } from './state-poller.js'
import type { StateSource } from './store.js'
import { StreamConnection } from './stream.js'
import { isKnownEventType, parseJson, seqOf, toSnapshot } from './wire.js'

export type SyncOptions = Pick<ResolvedOptions, 'url' | 'sdkKey' | 'readTimeoutMs' | 'reconnect' | 'pollIntervalMs' | 'cacheFile' | 'logger'> & {
  dispatcher: Agent
}

/** What the sync needs of the client beyond its state. */
export interface SyncHost extends StateFeed {
  /** A sign of life from the control plane: the chaos dead-man switch depends on them. */
  contact(): void
  /** Emits `error`, or logs it when nobody listens. */
  report(error: Error, retrying?: string): void
  disconnected(event: DisconnectedEvent): void
  reconnected(event: ReconnectedEvent): void
}

export class StateSync {
  private readonly stream: StreamConnection
  private readonly poller: StatePoller
  private readonly cache: CacheFile | undefined
  private readonly logger: Logger
  /** The cache file's state, read at start and used once the control plane has failed to answer. */
  private standby: Snapshot | undefined
  private disconnectedAt: number | undefined
  private failedAttempts = 0

  constructor(
    private readonly options: SyncOptions,
    private readonly host: SyncHost,
  ) {
    this.logger = options.logger
    const { url, sdkKey, dispatcher, readTimeoutMs } = options
    if (options.cacheFile !== undefined) {
      this.cache = new CacheFile(options.cacheFile, (error) => host.report(error))
      this.standby = this.cache.readReporting()
    }
    const { store } = host
    this.stream = new StreamConnection(
      { url, sdkKey, dispatcher, readTimeoutMs, reconnect: options.reconnect },
      {
        open: () => this.onStreamOpen(),
        event: (event) => this.onStreamEvent(event),
        heard: () => host.contact(),
        ended: (error, opened, delayMs) => this.onStreamEnded(error, opened, delayMs),
        lastEventId: () => (store.fromServer ? String(store.seq) : undefined),
      },
    )
    this.poller = new StatePoller(
      { url, sdkKey, dispatcher, intervalMs: options.pollIntervalMs, timeoutMs: readTimeoutMs },
      {
        etag: () => (store.fromServer ? `"${store.seq}"` : undefined),
        state: (body) => this.onPolledState(body),
        resume: () => this.stream.resumeNow(),
        unchanged: () => host.contact(),
        failed: (error) => this.logger.debug(`${error.message}; the stream keeps retrying`),
      },
    )
  }

  start(): void {
    this.stream.start()
  }

  /** Serves the cache file's state, if the control plane has not given better. */
  useStandby(): void {
    const standby = this.standby
    const { store } = this.host
    if (standby === undefined || store.fromServer) return
    this.standby = undefined
    if (store.source === 'bootstrap' || !store.hasState) {
      this.logger.info(`serving the state cached in ${this.options.cacheFile} (seq ${standby.seq}) until the control plane answers`)
      this.host.replace(standby, 'cache')
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.stream.close(), this.poller.close()])
    await this.cache?.flush()
  }

  private replace(snapshot: Snapshot, source: StateSource): void {
    this.host.replace(snapshot, source)
    this.persist()
  }

  private persist(): void {
    const { store } = this.host
    if (store.fromServer) this.cache?.schedule(() => store.snapshot())
  }

  private onStreamOpen(): void {
    this.host.contact()
    this.poller.stop()
    if (this.disconnectedAt !== undefined) {
      const event = { downtimeMs: Date.now() - this.disconnectedAt, attempts: this.failedAttempts }
      this.disconnectedAt = undefined
      this.logger.info(`stream reconnected after ${event.downtimeMs} ms`)
      this.host.reconnected(event)
    } else if (this.failedAttempts > 0) {
      this.logger.info('stream connected')
    }
    this.failedAttempts = 0
  }

  private onStreamEvent(event: SseEvent): void {
    const { store } = this.host
    if (event.type === 'snapshot') {
      let snapshot: Snapshot
      try {
        snapshot = toSnapshot(parseJson(event.data, 'snapshot event'), 'snapshot event', seqOf(undefined, event.lastEventId))
      } catch (error) {
        this.host.report(error as Error)
        return
      }
      this.replace(snapshot, 'stream')
      return
    }
    if (!isKnownEventType(event.type)) {
      // The list of event types may grow; an SDK that predates one skips it.
      const seq = seqOf(undefined, event.lastEventId)
      if (seq !== undefined && store.fromServer) store.skip(seq)
      this.logger.debug(`ignoring stream event of unknown type "${event.type}"`)
      return
    }
    const type = event.type
    let data: unknown
    let seq: number | undefined
    try {
      data = parseJson(event.data, `${type} event`)
      seq = seqOf(data, event.lastEventId)
      if (seq === undefined) throw new SluiceError('SLUICE_INVALID_STATE', `${type} event without a seq`)
    } catch (error) {
      this.host.report(error as Error)
      return
    }
    let applied = false
    try {
      this.host.apply((state) => {
        const change = state.apply(type, seq, data)
        applied = change !== undefined
        return change === undefined ? [] : [change]
      })
    } catch (error) {
      // Waiting for a corrected copy of this event would stall every later one.
      store.skip(seq)
      this.host.report(error as Error)
      return
    }
    if (!applied) {
      this.logger.debug(`ignoring ${type} ${seq}: state is already at seq ${store.seq}`)
      return
    }
    this.persist()
  }

  private onStreamEnded(error: ConnectionError, opened: boolean, delayMs: number): void {
    const retrying = `retrying in ${delayMs < 1000 ? `${delayMs} ms` : `${(delayMs / 1000).toFixed(1)} s`}`
    if (opened) {
      this.disconnectedAt = Date.now()
      this.host.disconnected({ error })
      // A stream the server ends (a deploy, a proxy's limit) is routine; one that went silent is not.
      if (error.code === 'SLUICE_READ_TIMEOUT' || error.code === 'SLUICE_NETWORK_ERROR') this.host.report(error, retrying)
      else this.logger.info(`${error.message}; ${retrying}`)
    } else {
      this.failedAttempts++
      this.host.report(error, retrying)
    }
    this.useStandby()
    // /sdk/state takes the same key: polling it cannot help where the stream was refused.
    if (needsOperator(error)) this.poller.stop()
    else this.poller.start(this.host.store.fromServer ? this.options.pollIntervalMs : 0)
  }

  private onPolledState(body: unknown): void {
    let snapshot: Snapshot
    try {
      snapshot = toSnapshot(body, 'GET /api/v1/sdk/state')
    } catch (error) {
      this.logger.debug((error as Error).message)
      return
    }
    this.host.contact()
    const { store } = this.host
    // The stream may have moved past this answer while it was in flight.
    if (store.fromServer && snapshot.seq <= store.seq) return
    this.replace(snapshot, 'poll')
  }
}

/**
 * Canary outcomes from the page, counted per flag and side and sent in batches to
 * POST /api/v1/client/outcomes: every `flushIntervalMs` with fetch (keepalive), and with
 * navigator.sendBeacon when the page is hidden or left, the one send a closing tab completes.
 * sendBeacon cannot set headers, so that send is text/plain with the key in the query; the
 * service reads it as JSON.
 */
export type Side = 'canary' | 'baseline'

export interface Outcome {
  /** False for what the page counts as a failure: a JS error, a failed API call. */
  success: boolean
  latencyMs?: number
}

interface Item {
  flagKey: string
  side: Side
  requests: number
  errors: number
  latencyMsSum: number
}

/** The service's bound on one latency: an hour. */
const MAX_LATENCY_MS = 3_600_000

export class OutcomeBatch {
  private items = new Map<string, Item>()

  constructor(
    private readonly endpoint: string,
    private readonly clientKey: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  get size(): number {
    return this.items.size
  }

  add(flagKey: string, side: Side, outcome: Outcome): void {
    const id = `${side} ${flagKey}`
    let item = this.items.get(id)
    if (!item) this.items.set(id, (item = { flagKey, side, requests: 0, errors: 0, latencyMsSum: 0 }))
    item.requests++
    if (!outcome.success) item.errors++
    const latency = outcome.latencyMs
    if (typeof latency === 'number' && latency > 0) item.latencyMsSum += Math.min(latency, MAX_LATENCY_MS)
  }

  /** Sends what is held; `beacon` for a page that may be gone before a fetch completes. */
  flush(beacon = false): void {
    if (this.items.size === 0) return
    const body = JSON.stringify({ items: [...this.items.values()] })
    this.items = new Map()
    const url = `${this.endpoint}?clientKey=${encodeURIComponent(this.clientKey)}`
    if (beacon && typeof navigator !== 'undefined' && navigator.sendBeacon?.(url, body)) return
    fetch(url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'text/plain' } })
      .then((res) => {
        if (!res.ok) throw new Error(`outcomes answered ${res.status}`)
      })
      .catch(this.onError)
  }
}

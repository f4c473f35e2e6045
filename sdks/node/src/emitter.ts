/**
 * A small typed event emitter. Unlike node:events, a listener that throws is reported to
 * `onListenerError` instead of unwinding into whoever emitted, because the emitter here is the
 * stream reader: one bad `change` handler must not cut the connection or skip later events.
 */
type Listener<Args extends unknown[]> = (...args: Args) => void

interface Entry<Args extends unknown[]> {
  listener: Listener<Args>
  once: boolean
}

export class Emitter<Events extends { [E in keyof Events]: unknown[] }> {
  private readonly entries = new Map<keyof Events, Entry<never>[]>()

  constructor(private readonly onListenerError: (error: unknown, event: keyof Events) => void) {}

  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    this.add(event, listener, false)
  }

  once<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    this.add(event, listener, true)
  }

  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    const list = this.entries.get(event) as Entry<Events[E]>[] | undefined
    if (list === undefined) return
    const index = list.findIndex((entry) => entry.listener === listener)
    if (index !== -1) list.splice(index, 1)
  }

  listenerCount(event: keyof Events): number {
    return this.entries.get(event)?.length ?? 0
  }

  /** Calls every listener in order; returns whether there was any. */
  emit<E extends keyof Events>(event: E, ...args: Events[E]): boolean {
    const list = this.entries.get(event) as Entry<Events[E]>[] | undefined
    if (list === undefined || list.length === 0) return false
    for (const entry of list.slice()) {
      if (entry.once) {
        const index = list.indexOf(entry)
        if (index !== -1) list.splice(index, 1)
      }
      try {
        entry.listener(...args)
      } catch (error) {
        this.onListenerError(error, event)
      }
    }
    return true
  }

  private add<E extends keyof Events>(event: E, listener: Listener<Events[E]>, once: boolean): void {
    if (typeof listener !== 'function') throw new TypeError(`listener for "${String(event)}" must be a function`)
    let list = this.entries.get(event) as Entry<Events[E]>[] | undefined
    if (list === undefined) {
      list = []
      this.entries.set(event, list as Entry<never>[])
    }
    list.push({ listener, once })
  }
}

/** A minimal SSE reader over fetch for tests: collects parsed events as they arrive. */
export interface SseEvent {
  event: string
  id?: string
  data: string
}

export interface SseReader {
  status: number
  events: SseEvent[]
  comments: string[]
  retry?: number
  ended: Promise<void>
  /** Resolves when `count` events have arrived in all (or rejects after the timeout). */
  waitFor(count: number, timeoutMs?: number): Promise<SseEvent[]>
  close(): void
}

export async function readSse(url: string, headers: Record<string, string>): Promise<SseReader> {
  const controller = new AbortController()
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal })
  const reader: SseReader = {
    status: res.status,
    events: [],
    comments: [],
    ended: Promise.resolve(),
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs
      while (reader.events.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${reader.events.length}: ${JSON.stringify(reader.events.map((e) => e.event))}`)
        await new Promise((r) => setTimeout(r, 10))
      }
      return reader.events.slice(0, count)
    },
    close: () => controller.abort(),
  }
  if (!res.ok || !res.body) return reader
  reader.ended = (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    let current: Partial<SseEvent> & { data?: string } = {}
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let newline: number
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '')
          buffer = buffer.slice(newline + 1)
          if (line === '') {
            if (current.data !== undefined) reader.events.push({ event: current.event ?? 'message', id: current.id, data: current.data })
            current = {}
          } else if (line.startsWith(':')) reader.comments.push(line.slice(1).trim())
          else {
            const colon = line.indexOf(':')
            const field = colon < 0 ? line : line.slice(0, colon)
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
            if (field === 'data') current.data = current.data === undefined ? value : `${current.data}\n${value}`
            else if (field === 'event') current.event = value
            else if (field === 'id') current.id = value
            else if (field === 'retry') reader.retry = Number(value)
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })()
  return reader
}

/**
 * Live updates. EventSource cannot send an Authorization header, so the change stream is read
 * with fetch() and a small text/event-stream parser. /sdk/stream admits admin tokens only
 * (of the console's roles); operators and viewers poll every second instead, which meets the
 * same "within 1 s" promise without widening who may read the raw stream.
 */
import type { QueryClient } from '@tanstack/react-query'
import type { Role } from './api'

export interface StreamEvent {
  event: string
  data: string
}

/** Splits a text/event-stream into events; returns what is left of an incomplete one. */
export function parseEvents(buffer: string, emit: (event: StreamEvent) => void): string {
  const blocks = buffer.split(/\r?\n\r?\n/)
  const rest = blocks.pop() ?? ''
  for (const block of blocks) {
    let event = 'message'
    const data: string[] = []
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') event = value
      else if (field === 'data') data.push(value)
    }
    if (data.length > 0) emit({ event, data: data.join('\n') })
  }
  return rest
}

async function follow(token: string, environment: string, signal: AbortSignal, onEvent: (event: StreamEvent) => void): Promise<void> {
  const response = await fetch(`/api/v1/sdk/stream?environment=${encodeURIComponent(environment)}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal })
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`)
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer = parseEvents(buffer + value, onEvent)
  }
}

/** Keeps every query fresh with the changes to one environment; returns a stop function. */
export function startLive(token: string, role: Role, environment: string, queries: QueryClient, onStatus: (live: boolean) => void): () => void {
  const controller = new AbortController()
  if (role !== 'admin') {
    const timer = setInterval(() => void queries.invalidateQueries(), 1_000)
    onStatus(true)
    return () => clearInterval(timer)
  }
  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        onStatus(true)
        await follow(token, environment, controller.signal, (event) => {
          if (event.event !== 'snapshot') void queries.invalidateQueries()
        })
      } catch {
        // Reconnect below; the stream resumes with a fresh snapshot.
      }
      onStatus(false)
      if (!controller.signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, 1_000))
        void queries.invalidateQueries()
      }
    }
  }
  void run()
  return () => controller.abort()
}

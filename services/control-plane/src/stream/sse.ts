/** Server-Sent Events framing (WHATWG HTML §9.2). JSON never contains a raw newline, so one `data:` line suffices. */
export function sseEvent(event: string, id: number, data: string): string {
  return `event: ${event}\nid: ${id}\ndata: ${data}\n\n`
}

export const SSE_PING = ': ping\n\n'

export function sseRetry(ms: number): string {
  return `retry: ${ms}\n\n`
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // Tells nginx-style proxies not to buffer the stream.
  'x-accel-buffering': 'no',
}

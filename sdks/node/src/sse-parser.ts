/**
 * An incremental parser for `text/event-stream`, following the WHATWG HTML standard's
 * "event stream interpretation" (§9.2.6): lines end in CRLF, LF or CR, a CR at the end of
 * one chunk may pair with an LF at the start of the next, `data` lines join with LF, a
 * leading BOM is dropped, an `id` holding NUL is ignored, `retry` counts only when it is all
 * digits, and an event still open when the stream ends is discarded.
 *
 * Bytes are decoded with a streaming TextDecoder, so a UTF-8 character split across chunks
 * survives. A line that arrives in many chunks (a large snapshot) is kept as a list of
 * pieces and joined once, so parsing stays linear in the stream's size.
 */
export interface SseEvent {
  /** The `event` field, or `message` when there was none. */
  type: string
  data: string
  /** The stream's last event id as of this event (it persists across events, per spec). */
  lastEventId: string
}

export interface SseHandlers {
  event(event: SseEvent): void
  /** A comment line (`: ping`), without its colon. */
  comment?(text: string): void
  /** A valid `retry` field: the reconnection time the server asks for, in ms. */
  retry?(ms: number): void
}

const LF = 10
const CR = 13
const COLON = 58
const SPACE = 32
const DIGITS = /^[0-9]+$/

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8')
  private readonly pieces: string[] = []
  private afterCR = false
  private started = false
  private data = ''
  private eventType = ''
  private lastEventId = ''

  constructor(private readonly handlers: SseHandlers) {}

  /** Feeds the next chunk: bytes as read from the socket, or already-decoded text. */
  feed(chunk: Uint8Array | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true })
    if (text.length === 0) return
    if (!this.started) {
      this.started = true
      // The decoder drops a BOM from bytes; text fed directly may still carry one.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    let start = 0
    if (this.afterCR) {
      this.afterCR = false
      if (text.charCodeAt(0) === LF) start = 1
    }
    const length = text.length
    for (let i = start; i < length; i++) {
      const c = text.charCodeAt(i)
      if (c !== LF && c !== CR) continue
      let line = text.slice(start, i)
      if (this.pieces.length > 0) {
        this.pieces.push(line)
        line = this.pieces.join('')
        this.pieces.length = 0
      }
      if (c === CR) {
        if (i + 1 < length) {
          if (text.charCodeAt(i + 1) === LF) i++
        } else {
          this.afterCR = true
        }
      }
      start = i + 1
      this.line(line)
    }
    if (start < length) this.pieces.push(text.slice(start))
  }

  /** The stream ended: whatever event was still being built is dropped, as the spec says. */
  end(): void {
    this.decoder.decode()
    this.pieces.length = 0
    this.data = ''
    this.eventType = ''
  }

  private line(line: string): void {
    if (line.length === 0) {
      this.dispatch()
      return
    }
    if (line.charCodeAt(0) === COLON) {
      this.handlers.comment?.(line.slice(1))
      return
    }
    const colon = line.indexOf(':')
    let field: string
    let value: string
    if (colon === -1) {
      field = line
      value = ''
    } else {
      field = line.slice(0, colon)
      value = line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1)
    }
    switch (field) {
      case 'event':
        this.eventType = value
        break
      case 'data':
        this.data += `${value}\n`
        break
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value
        break
      case 'retry':
        if (DIGITS.test(value)) this.handlers.retry?.(Number(value))
        break
      default:
      // Unknown fields are ignored.
    }
  }

  private dispatch(): void {
    const data = this.data
    const type = this.eventType
    this.data = ''
    this.eventType = ''
    if (data.length === 0) return
    this.handlers.event({ type: type.length > 0 ? type : 'message', data: data.slice(0, -1), lastEventId: this.lastEventId })
  }
}

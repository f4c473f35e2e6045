/**
 * One SDK connection. Until its first state (snapshot or replay) is written it is not live:
 * change events that arrive meanwhile are buffered and, once live, only those after the
 * seq its first state covered are written. That is what makes connecting race-free: the
 * client registers with the hub before its first state is read, so nothing falls between.
 */
import type { ServerResponse } from 'node:http'

export class StreamClient {
  private live = false
  private pending: Array<{ seq: number; frame: Buffer }> = []
  private coveredSeq = 0
  private closed = false
  private limitBytes: number

  constructor(
    private readonly raw: ServerResponse,
    readonly tokenId: string,
    /** The one environment whose changes this client is sent. */
    readonly environment: string,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: (client: StreamClient) => void,
  ) {
    this.limitBytes = maxBufferedBytes
  }

  get seq(): number {
    return this.coveredSeq
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Writes the first state, then everything buffered after it, and goes live. */
  start(firstState: string | Buffer, coveredSeq: number): void {
    this.write(firstState)
    // A large snapshot may still sit in the socket buffer; it must not count as a slow reader.
    this.limitBytes = this.raw.writableLength + this.maxBufferedBytes
    this.coveredSeq = coveredSeq
    this.live = true
    const pending = this.pending
    this.pending = []
    for (const { seq, frame } of pending) this.event(seq, frame)
  }

  /** `frame` is encoded once by the hub and the same bytes are written to every client. */
  event(seq: number, frame: Buffer): void {
    if (this.closed) return
    if (!this.live) {
      this.pending.push({ seq, frame })
      return
    }
    if (seq <= this.coveredSeq) return
    this.coveredSeq = seq
    this.write(frame)
  }

  /** Comments (pings) go only to live clients; a client still being prepared needs none. */
  comment(text: string | Buffer): void {
    if (this.live) this.write(text)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.raw.end()
  }

  private write(text: string | Buffer): void {
    if (this.closed) return
    // A reader that does not keep up is dropped rather than buffered without bound; it
    // reconnects with Last-Event-ID and gets exactly what it missed.
    if (this.raw.writableLength > this.limitBytes) {
      this.onOverflow(this)
      return
    }
    this.raw.write(text)
  }
}

/**
 * The most recent stream frames this replica sent, so a client that reconnects (after a
 * deploy, a dropped connection, or another replica's kill -9) resumes from memory: no query
 * per reconnect in a storm of them, and exact resume while the database is unreachable.
 *
 * It holds every public change after `from`, without a hole: the feed delivers every change
 * and the hub appends each one it frames. Bounded by count and bytes; dropping the oldest
 * frame moves `from` up, and a resume from before `from` goes to the change log instead.
 * Frames are held with their environment (null for a global change), and a resume gets its
 * own environment's and the global ones: the others' seqs are skipped, not a gap.
 */
export class ReplayBuffer {
  private frames: Array<{ seq: number; environment: string | null; frame: Buffer }> = []
  private head = 0
  private bytes = 0
  private fromSeq: number

  constructor(
    from: number,
    private readonly maxFrames: number,
    private readonly maxBytes: number,
  ) {
    this.fromSeq = from
  }

  /** Every public change after this seq is held. */
  get from(): number {
    return this.fromSeq
  }

  append(seq: number, environment: string | null, frame: Buffer): void {
    this.frames.push({ seq, environment, frame })
    this.bytes += frame.length
    while (this.frames.length - this.head > this.maxFrames || (this.bytes > this.maxBytes && this.frames.length - this.head > 1)) {
      const dropped = this.frames[this.head++]!
      this.bytes -= dropped.frame.length
      this.fromSeq = dropped.seq
    }
    // Compacts now and then instead of shifting the array on every append.
    if (this.head > 1024 && this.head * 2 > this.frames.length) {
      this.frames = this.frames.slice(this.head)
      this.head = 0
    }
  }

  /** One environment's frames (and the global ones) after `after`, or undefined when some of them are no longer held. */
  after(after: number, environment: string): Buffer[] | undefined {
    if (after < this.fromSeq) return undefined
    const out: Buffer[] = []
    for (let i = this.frames.length - 1; i >= this.head && this.frames[i]!.seq > after; i--) {
      const held = this.frames[i]!
      if (held.environment === null || held.environment === environment) out.push(held.frame)
    }
    return out.reverse()
  }

  /** Forgets everything; the next resume before `from` goes to the change log. */
  reset(from: number): void {
    this.frames = []
    this.head = 0
    this.bytes = 0
    this.fromSeq = from
  }
}

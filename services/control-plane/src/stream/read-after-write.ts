/**
 * Read-after-write for the state served from memory. A replica serves the state its feed has
 * reached, which may trail the log by a few milliseconds (Redis) or up to the poll interval
 * (no Redis). A client that has already seen seq N — it sends `?minSeq=N`, or an
 * `If-None-Match` naming N — must not be handed an older state: the request waits, reading
 * the log meanwhile, until this replica has N.
 *
 * The wait is bounded (2 s by default). A replica that cannot reach N by then answers 503 with
 * Retry-After rather than an older state: a load balancer that retries 503 moves the request
 * to another replica, and a client never sees the state go back in time. The one exception is
 * a seq the log never reached — a database rebuilt from scratch counts from 1 again — which
 * gets the current state, or such a client would be refused forever.
 */
import type { Db } from '../db/database.js'
import { SluiceError } from '../errors.js'
import { withDeadline } from '../platform/deadline.js'
import type { ChangeFeed } from '../changes/change-feed.js'
import { latestSeq } from '../changes/change-log.js'
import type { ReplicaState } from './replica-state.js'

export const READ_AFTER_WRITE_WAIT_MS = 2_000
const HEAD_DEADLINE_MS = 1_000
const RETRY_AFTER_S = 1

export class ReplicaBehindError extends SluiceError {
  constructor(wanted: number, at: number) {
    super(
      'SLUICE_REPLICA_BEHIND',
      503,
      `this replica's state is at seq ${at} and could not reach the requested seq ${wanted} in time; retry (another replica may have it)`,
      { 'retry-after': String(RETRY_AFTER_S) },
    )
  }
}

/** The highest seq an If-None-Match names (`"42"`, `W/"42"`, a list), or 0. */
export function seqFromIfNoneMatch(header: string | undefined): number {
  if (header === undefined) return 0
  let highest = 0
  for (const tag of header.split(',')) {
    const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(tag)
    if (match) highest = Math.max(highest, Number(match[1]))
  }
  return highest
}

export class ReadAfterWrite {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
    private readonly state: ReplicaState,
    private readonly waitMs = READ_AFTER_WRITE_WAIT_MS,
  ) {}

  /** Resolves once this replica's state is at `wanted` or later; throws ReplicaBehindError otherwise. */
  async reach(wanted: number): Promise<void> {
    if (wanted <= this.state.seq) return
    if (await this.feed.waitFor(wanted, this.waitMs)) return
    let head: number
    try {
      head = await withDeadline(latestSeq(this.db), HEAD_DEADLINE_MS, 'the change log head')
    } catch {
      throw new ReplicaBehindError(wanted, this.state.seq)
    }
    if (head < wanted) return
    throw new ReplicaBehindError(wanted, this.state.seq)
  }
}

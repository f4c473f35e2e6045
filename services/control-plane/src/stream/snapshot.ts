/**
 * The whole state an SDK needs, as of one change-log position. It is read in one
 * repeatable-read transaction, so the flags, segments, canaries and rules it holds are exactly the
 * effects of the changes up to its seq: state rows and their change events commit together.
 *
 * Built at most once per seq and shared, so a thousand SDKs reconnecting after a deploy cost
 * one read, not a thousand.
 */
import type { Snapshot } from '@sluice/core'
import type { Db } from '../db/database.js'
import { canaryFromRow, listActiveCanaries } from '../canaries/canary-store.js'
import { chaosRuleFromRow, listChaosRules } from '../chaos/chaos-store.js'
import { flagFromRow, listFlags } from '../flags/flag-store.js'
import { listSegments, segmentFromRow } from '../segments/segment-store.js'
import { latestSeq } from './change-log.js'

export interface BuiltSnapshot {
  seq: number
  /** The serialised snapshot, built once and written to every client and /sdk/state. */
  json: string
}

export async function readSnapshot(db: Db): Promise<Snapshot> {
  return db.transaction(
    async (tx) => {
      const seq = await latestSeq(tx)
      const [flags, canaries, rules, segments] = await Promise.all([listFlags(tx, true), listActiveCanaries(tx), listChaosRules(tx), listSegments(tx)])
      return {
        seq,
        flags: flags.map(flagFromRow),
        canaries: canaries.map(canaryFromRow),
        chaosRules: rules.map(chaosRuleFromRow),
        segments: segments.map(segmentFromRow),
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
}

export class SnapshotCache {
  private latest: BuiltSnapshot | undefined
  private building: Promise<BuiltSnapshot> | undefined

  constructor(private readonly db: Db) {}

  /**
   * A snapshot at `minSeq` or later. A stream client asks with the seq its hub had delivered
   * when it registered, so the snapshot plus the events it buffers from then on leave no gap.
   */
  async get(minSeq: number): Promise<BuiltSnapshot> {
    for (;;) {
      if (this.latest && this.latest.seq >= minSeq) return this.latest
      const built = await this.build()
      if (built.seq >= minSeq) return built
    }
  }

  private build(): Promise<BuiltSnapshot> {
    this.building ??= readSnapshot(this.db)
      .then((snapshot) => {
        const built = { seq: snapshot.seq, json: JSON.stringify(snapshot) }
        if (!this.latest || built.seq >= this.latest.seq) this.latest = built
        return built
      })
      .finally(() => {
        this.building = undefined
      })
    return this.building
  }
}

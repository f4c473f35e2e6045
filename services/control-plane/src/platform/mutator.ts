/**
 * Every change to Sluice's state goes through `Mutator.run`: one transaction holds the state
 * rows, their history, the audit entry and the change-log event, so either all of them exist
 * or none does. Only after commit does anyone hear about it: the bus (so every replica's
 * stream sends it) and whatever the work asked to run after commit (cache refreshes).
 */
import type { Db } from '../db/database.js'
import { insertAudit, type AuditEntry } from '../audit/audit-store.js'
import { appendChange, type Change } from '../stream/change-log.js'
import type { Actor } from './actor.js'
import type { ChangeBus } from './change-bus.js'
import type { Logger } from './logger.js'

export interface Mutation {
  tx: Db
  actor: Actor
  audit(entry: AuditEntry): Promise<void>
  /** Appends to the change log; returns the change's seq. */
  emit(change: Change): Promise<number>
  afterCommit(effect: () => unknown): void
}

export class Mutator {
  constructor(
    private readonly db: Db,
    private readonly bus: ChangeBus,
    private readonly log: Logger,
  ) {}

  async run<T>(actor: Actor, work: (mutation: Mutation) => Promise<T>): Promise<T> {
    const effects: Array<() => unknown> = []
    let lastSeq = 0
    const result = await this.db.transaction((tx) =>
      work({
        tx,
        actor,
        audit: (entry) => insertAudit(tx, actor, entry),
        emit: async (change) => (lastSeq = await appendChange(tx, change)),
        afterCommit: (effect) => effects.push(effect),
      }),
    )
    for (const effect of effects) {
      try {
        await effect()
      } catch (err) {
        this.log.warn({ err }, 'post-commit effect failed')
      }
    }
    if (lastSeq > 0) await this.bus.publish(lastSeq)
    return result
  }
}

import { numeric, timestamp } from 'drizzle-orm/pg-core'

/** Every timestamp is timezone-aware; the API speaks ISO 8601 in UTC. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/** Percentages and probabilities: 0–100 with two decimals, exact in storage. */
export const percent = (name: string) => numeric(name, { precision: 5, scale: 2, mode: 'number' })

import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { testBackend } from '../test-support/test-env.js'
import { prepared } from './prepared-statements.js'
import { rowsOf } from './rows.js'

describe('statements marked prepared', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ jobIntervalMs: 3_600_000 })
  })
  afterAll(() => t.close())

  it('run with their parameters, again and again, in and out of a transaction', async () => {
    const db = t.app.infrastructure.db
    const doubled = (n: number) => prepared(sql`select ${n}::int * 2 as value`)
    for (const n of [1, 2, 3]) expect(rowsOf<{ value: number }>(await db.execute(doubled(n)))).toEqual([{ value: n * 2 }])
    const inside = await db.transaction(async (tx) => rowsOf<{ value: number }>(await tx.execute(doubled(21))))
    expect(inside).toEqual([{ value: 42 }])
  })

  // The session's own list of prepared statements: embedded PGlite has no such cache to fill.
  it.runIf(testBackend() === 'postgres')('are prepared on their connection, and the others are not', async () => {
    const statements = await t.app.infrastructure.db.transaction(async (tx) => {
      await tx.execute(prepared(sql`select ${'marked'}::text as which`))
      await tx.execute(sql`select ${'unmarked'}::text as which`)
      return rowsOf<{ statement: string }>(await tx.execute(sql`select statement from pg_prepared_statements`)).map((row) => row.statement)
    })
    expect(statements.filter((statement) => statement.includes('as which'))).toEqual(['/* prepared */ select $1::text as which'])
  })
})

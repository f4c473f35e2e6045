/**
 * Upgrading an installation built by the release before environments: its state moves into
 * DEFAULT_ENVIRONMENT and not one answer changes, while every other environment gets each
 * flag disabled.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { compileFlag, compileSegment, type EvaluationContext, type Flag, type Segment } from '@sluice/core'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { flagFromRow, type FlagRow } from '../flags/flag-store.js'
import { createTestDatabase } from '../test-support/test-database.js'
import { openDatabase, type Database } from './database.js'
import { rowsOf } from './rows.js'
import { migrate, MIGRATIONS_DIR } from './migrator.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const ENVIRONMENTS_MIGRATION = '0004_environments'

async function emptyDatabase(): Promise<Database> {
  const test = await createTestDatabase({ empty: true })
  const database = await openDatabase({ databaseUrl: test.url, dataDir: '', pglite: test.pglite })
  cleanups.push(async () => {
    await database.close()
    if (test.url) await test.drop()
  })
  return database
}

/** The migrations of the release before environments: every one before ENVIRONMENTS_MIGRATION. */
async function previousRelease(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-previous-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  await cp(MIGRATIONS_DIR, dir, { recursive: true })
  const journalFile = path.join(dir, 'meta/_journal.json')
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] }
  const cut = journal.entries.findIndex((e) => e.tag === ENVIRONMENTS_MIGRATION)
  await writeFile(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }))
  return dir
}

/** State as the previous release wrote it: every flag type, a segment, a canary, a chaos rule, tokens. */
async function seedPreviousRelease(db: Database['db']): Promise<void> {
  const statements = `
    insert into segments (key, name, constraints) values ('pro', 'Pro', '[{"attribute":"plan","operator":"IN","values":["pro"]}]');
    insert into flags (key, name, type, enabled, percentage) values ('ramp', 'Ramp', 'percentage', true, 37.5);
    insert into flags (key, name, type, enabled) values ('kill', 'Kill switch', 'boolean', true);
    insert into flags (key, name, type, enabled, user_ids) values ('beta', 'Beta', 'user_targeting', true, '{u1,u7,u42}');
    insert into flags (key, name, type, enabled, ips) values ('office', 'Office', 'ip_targeting', true, '{10.0.0.0/8}');
    insert into flags (key, name, type, enabled, archived) values ('old', 'Old', 'boolean', true, true);
    insert into flags (key, name, type, enabled, rules, variants) values ('pro_ui', 'Pro UI', 'rules', true,
      '[{"id":"r1","segments":["pro"],"rollout":50}]', '[{"key":"a","weight":50},{"key":"b","weight":50}]');
    insert into flag_versions (flag_key, version, flag, action, actor)
      select key, 1, jsonb_build_object('key', key, 'name', name, 'version', 1), 'flag.created', 'seed' from flags;
    insert into canaries (feature_key, version, status, percentage, initial_percentage, rollback_threshold, min_sample_size)
      values ('ramp', 'v2', 'running', 37.5, 5, 5, 100);
    insert into chaos_rules (name, type, enabled, probability) values ('slow db', 'latency', false, 10);
    insert into rollbacks (type, target_key, reason, actor, duration_ms) values ('feature_flag', 'kill', 'test', 'ops', 1);
    insert into api_tokens (name, role, secret_hash, created_by) values ('sdk', 'sdk', 'h1', 'seed'), ('ops', 'operator', 'h2', 'seed');
  `
  for (const statement of statements.split(';').filter((s) => s.trim())) await db.execute(sql.raw(statement))
}

async function flagsIn(db: Database['db'], environment?: string): Promise<Flag[]> {
  const where = environment ? sql`where environment = ${environment}` : sql``
  const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`select * from flags ${where} order by key`))
  return rows.map((r) =>
    flagFromRow({
      environment: (r.environment as string) ?? '',
      key: r.key,
      name: r.name,
      description: r.description,
      type: r.type,
      enabled: r.enabled,
      percentage: r.percentage == null ? null : Number(r.percentage),
      groupId: r.group_id,
      stickiness: r.stickiness,
      userIds: r.user_ids,
      ips: r.ips,
      variants: r.variants,
      rules: r.rules,
      dependencies: r.dependencies,
      archived: r.archived,
      version: r.version,
      createdAt: new Date(r.created_at as string),
      updatedAt: new Date(r.updated_at as string),
    } as FlagRow),
  )
}

async function segmentsIn(db: Database['db']): Promise<Segment[]> {
  return rowsOf<Segment>(await db.execute(sql`select key, name, constraints, version from segments`))
}

/** Deterministic pseudo-random contexts: the same ones before and after the upgrade. */
function contexts(n: number): EvaluationContext[] {
  let seed = 42
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31)
  return Array.from({ length: n }, () => ({
    userId: `u${next() % 60}`,
    ip: `${next() % 2 ? 10 : 11}.${next() % 256}.${next() % 256}.${next() % 256}`,
    attributes: { plan: next() % 2 ? 'pro' : 'free' },
  }))
}

function answers(flags: Flag[], segments: Segment[], ctxs: EvaluationContext[]): string[] {
  const lookups = { flags: new Map(), segments: new Map(segments.map((s) => [s.key, compileSegment(s)])) }
  const compiled = flags.map((f) => [f.key, compileFlag(f, lookups)] as const)
  return ctxs.flatMap((ctx) =>
    compiled.map(([key, flag]) => {
      const { enabled, variant, reason } = flag.evaluate(ctx)
      return `${key}:${enabled}:${variant?.key ?? '-'}:${reason}`
    }),
  )
}

describe('upgrading a database built by the release before environments', () => {
  it('moves every flag into DEFAULT_ENVIRONMENT with the same answers for 2,000 contexts, and the rest disabled elsewhere', async () => {
    const database = await emptyDatabase()
    await migrate(database.db, await previousRelease())
    await seedPreviousRelease(database.db)
    const ctxs = contexts(2_000)
    const before = answers(await flagsIn(database.db), await segmentsIn(database.db), ctxs)

    expect(await migrate(database.db, MIGRATIONS_DIR, 'prod-eu')).toEqual([ENVIRONMENTS_MIGRATION, ...(await laterThan(ENVIRONMENTS_MIGRATION))])

    const environments = rowsOf<{ key: string; production: boolean }>(await database.db.execute(sql`select key, production from environments order by sort_order`))
    expect(environments).toEqual([
      { key: 'development', production: false },
      { key: 'staging', production: false },
      { key: 'production', production: true },
      { key: 'prod-eu', production: false },
    ])
    const migrated = await flagsIn(database.db, 'prod-eu')
    expect(migrated.map((f) => f.key)).toEqual(['beta', 'kill', 'office', 'old', 'pro_ui', 'ramp'])
    expect(answers(migrated, await segmentsIn(database.db), ctxs)).toEqual(before)
    expect(before.some((a) => a.includes(':true:'))).toBe(true)

    const staging = await flagsIn(database.db, 'staging')
    expect(staging.map((f) => [f.key, f.enabled, f.version])).toEqual(migrated.map((f) => [f.key, false, 1]))

    const placed = rowsOf<{ t: string; environment: string | null }>(
      await database.db.execute(sql`
        select 'canary' as t, environment from canaries union all select 'chaos', environment from chaos_rules
        union all select 'rollback', environment from rollbacks union all select 'segment', environment from segments
        union all select 'history', environment from flag_versions where flag_key = 'ramp' and actor = 'seed'
        union all select 'token ' || name, environment from api_tokens order by 1`),
    )
    expect(placed).toEqual([
      { t: 'canary', environment: 'prod-eu' },
      { t: 'chaos', environment: 'prod-eu' },
      { t: 'history', environment: 'prod-eu' },
      { t: 'rollback', environment: 'prod-eu' },
      { t: 'segment', environment: 'prod-eu' },
      { t: 'token ops', environment: null },
      { t: 'token sdk', environment: 'prod-eu' },
    ])
  })

  it('uses production when no default environment is set, as a psql user applying the file would get', async () => {
    const database = await emptyDatabase()
    await migrate(database.db, await previousRelease())
    await seedPreviousRelease(database.db)
    await migrate(database.db)
    const rows = rowsOf<{ environment: string; n: number }>(
      await database.db.execute(sql`select environment, count(*)::int as n from flags where enabled group by environment`),
    )
    expect(rows).toEqual([{ environment: 'production', n: 6 }])
    expect(rowsOf(await database.db.execute(sql`select key from environments where key not in ('development', 'staging', 'production')`))).toEqual([])
  })
})

/** Tags after `tag` in the journal (migrations added later apply in the same run). */
async function laterThan(tag: string): Promise<string[]> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }
  const tags = journal.entries.map((e) => e.tag)
  return tags.slice(tags.indexOf(tag) + 1)
}

/**
 * `pnpm --filter @sluice/control-plane db:generate <name>`: drizzle-kit writes the SQL for
 * the schema change, then this appends the ledger footer, so a file applied by hand with
 * `psql -f` is recorded and the service does not try to apply it again at start.
 */
import { execFileSync } from 'node:child_process'
import { appendFile, readFile } from 'node:fs/promises'
import { MIGRATIONS_DIR } from '../src/db/migrator.js'

const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: db:generate <snake_case_name>\n')
  process.exit(2)
}
execFileSync('npx', ['drizzle-kit', 'generate', '--name', name], { stdio: 'inherit' })

const journal = JSON.parse(await readFile(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] }
const tag = journal.entries.at(-1)!.tag
const file = `${MIGRATIONS_DIR}/${tag}.sql`
if (!(await readFile(file, 'utf8')).includes('sluice_migrations')) {
  await appendFile(
    file,
    [
      '',
      '--> statement-breakpoint',
      'CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);',
      '--> statement-breakpoint',
      `INSERT INTO "sluice_migrations" ("tag") VALUES ('${tag}') ON CONFLICT ("tag") DO NOTHING;`,
      '',
    ].join('\n'),
  )
}
process.stdout.write(`migration ${tag} written with its ledger footer\n`)

/** `pnpm migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
import { ConfigError, loadConfig } from './config.js'
import { openDatabase } from './db/database.js'
import { migrate } from './db/migrator.js'

try {
  const config = loadConfig()
  const database = await openDatabase(config)
  try {
    const applied = await migrate(database.db, undefined, config.defaultEnvironment)
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'nothing to apply; the schema is current\n')
  } finally {
    await database.close()
  }
} catch (err) {
  process.stderr.write(`sluice migrate: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
}

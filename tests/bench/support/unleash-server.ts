/**
 * unleash-server 6.10.1 as a bench peer, in its own process (child-script.ts): on a database
 * of its own on the local Postgres, with one admin and one client API token seeded, logging
 * only errors. Arguments: the database URL and the port. Reports `{ type: 'listening' }`.
 */
import { createRequire } from 'node:module'

export const UNLEASH_ADMIN_TOKEN = '*:*.sluice-bench-unleash-admin-0123456789'
export const UNLEASH_CLIENT_TOKEN = 'default:development.sluice-bench-unleash-client-0123456789'

if (process.send) {
  const [databaseUrl, port] = process.argv.slice(2) as [string, string]
  process.env.INIT_ADMIN_API_TOKENS = UNLEASH_ADMIN_TOKEN
  process.env.INIT_CLIENT_API_TOKENS = UNLEASH_CLIENT_TOKEN
  const db = new URL(databaseUrl)
  // unleash-server is CommonJS.
  const unleash = createRequire(import.meta.url)('unleash-server') as { start(options: unknown): Promise<{ stop(): Promise<void> }> }
  const instance = await unleash.start({
    db: { user: db.username, password: db.password, host: db.hostname, port: Number(db.port || 5432), database: db.pathname.slice(1), ssl: false },
    server: { port: Number(port), host: '127.0.0.1' },
    logLevel: 'error',
    // Its telemetry and version checks would call out of this machine.
    versionCheck: { enable: false },
    sendTelemetry: false,
  })
  process.send({ type: 'listening' })
  const stop = () => void instance.stop().finally(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('disconnect', stop)
}

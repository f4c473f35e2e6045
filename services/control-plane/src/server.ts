/**
 * The process: read the environment, build the app, listen, and close with grace on
 * SIGTERM/SIGINT (stop accepting, let in-flight requests finish, end streams, close pools).
 */
import { createServer } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { describeListenFailure, describeStartFailure } from './startup-failure.js'

const SHUTDOWN_GRACE_MS = 10_000

function readConfig(): Config {
  try {
    return loadConfig()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`sluice: ${err.message}\n`)
    process.exit(78)
  }
}

function fail(message: string): never {
  process.stderr.write(`sluice: ${message}\n`)
  process.exit(1)
}

/**
 * Binds the listen address and lets it go before anything else happens: a port in use (the
 * commonest start-up failure) then stops the process before it opens the database and
 * mints an admin token that it would never get to print.
 */
async function checkListenAddress(config: Config): Promise<void> {
  const probe = createServer()
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject)
      probe.listen({ port: config.port, host: config.host, exclusive: true }, resolve)
    })
  } catch (err) {
    fail(describeListenFailure(err, config))
  }
  await new Promise((resolve) => probe.close(resolve))
}

/** Straight to the terminal, never through the logger: log pipelines keep what they receive. */
function printGeneratedAdminToken(token: string, started: boolean): void {
  process.stdout.write(
    [
      '',
      started
        ? '  No admin token existed, so Sluice generated one. It is shown only this once:'
        : '  This start generated an admin token before it failed. It is valid and shown only this once:',
      '',
      `    ${token}`,
      '',
      '  Use it as `Authorization: Bearer <token>`. Set ADMIN_TOKEN to choose your own.',
      '',
    ].join('\n') + '\n',
  )
}

async function start(config: Config): Promise<FastifyInstance> {
  try {
    return await buildApp({ config })
  } catch (err) {
    fail(describeStartFailure(err, config))
  }
}

const config = readConfig()
await checkListenAddress(config)
const app = await start(config)

let closing = false
async function shutdown(signal: string): Promise<void> {
  if (closing) return
  closing = true
  app.log.info({ signal }, 'shutting down')
  const force = setTimeout(() => {
    app.log.error('graceful shutdown timed out; exiting')
    process.exit(1)
  }, SHUTDOWN_GRACE_MS).unref()
  try {
    await app.close()
    clearTimeout(force)
    app.log.info('stopped')
    process.exit(0)
  } catch (err) {
    app.log.error({ err }, 'shutdown failed')
    process.exit(1)
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'))
process.once('SIGINT', () => void shutdown('SIGINT'))

try {
  await app.listen({ port: config.port, host: config.host, listenTextResolver: (address) => `listening on ${address} (API reference at ${address}/docs)` })
} catch (err) {
  // The address was free a moment ago; the token is committed, so it must not be lost with the process.
  if (app.generatedAdminToken) printGeneratedAdminToken(app.generatedAdminToken, false)
  await app.close().catch(() => undefined)
  fail(describeListenFailure(err, config))
}

if (app.generatedAdminToken) printGeneratedAdminToken(app.generatedAdminToken, true)

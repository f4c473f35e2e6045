/**
 * A Postgres server of the test's own, in a temporary directory on a free port, that the test
 * may stop and start: fault drills must never touch the server other tests share. Run as the
 * `postgres` user when the test runs as root (Postgres refuses to run as root).
 */
import { execFile } from 'node:child_process'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import os, { userInfo } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './service-process.js'

const run = promisify(execFile)
const BIN = process.env.SLUICE_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin'

export interface PostgresServer {
  url: string
  port: number
  stop(): Promise<void>
  start(): Promise<void>
  remove(): Promise<void>
}

function asPostgres(command: string, args: string[]): Promise<unknown> {
  const binary = path.join(BIN, command)
  return userInfo().uid === 0 ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args)
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-pg-'))
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    await chown(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const data = path.join(dir, 'data')
  const port = await freePort()
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-instructions'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
  const server: PostgresServer = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start'])
    },
    // `fast`: what a restart or a failover does to clients, every session is terminated.
    stop: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    },
    async remove() {
      await server.stop().catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
  await server.start()
  return server
}

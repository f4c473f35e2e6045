import { execFile, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { startService } from './support/service-process.js'

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-data-'))
  dirs.push(dir)
  return dir
}

const SERVER = fileURLToPath(new URL('../services/control-plane/dist/server.js', import.meta.url))

function runServer(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SERVER], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    )
  })
}

async function api(url: string, token: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as any }
}

describe('the service process on its embedded database', () => {
  it('generates and prints an admin token once, and keeps tokens and audit across a restart', async () => {
    const DATA_DIR = await dataDir()
    const first = await startService({ DATA_DIR })
    const printed = /(sluice_admin_[A-Za-z0-9_-]{43})/.exec(first.stdout())?.[1]
    expect(printed).toBeDefined()
    const created = await api(first.url, printed!, 'POST', '/admin/api-tokens', { name: 'checkout', role: 'sdk' })
    expect(created.status).toBe(201)
    expect(await first.stop('SIGTERM')).toBe(0)

    const second = await startService({ DATA_DIR })
    try {
      expect(second.stdout()).not.toMatch(/sluice_admin_/)
      const tokens = await api(second.url, printed!, 'GET', '/admin/api-tokens')
      expect(tokens.status).toBe(200)
      expect(tokens.body.map((t: { name: string }) => t.name)).toContain('checkout')
      const audit = await api(second.url, printed!, 'GET', `/admin/audit-log?entityKey=${created.body.id}`)
      expect(audit.body).toEqual([expect.objectContaining({ action: 'token.created', actor: 'admin (generated at first start)' })])
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200)
    } finally {
      expect(await second.stop('SIGINT')).toBe(0)
    }
  })

  it('mints no admin token when its port is taken, so the next start still prints one that works', async () => {
    const DATA_DIR = await dataDir()
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const busyPort = String((busy.address() as AddressInfo).port)
    let failed: Awaited<ReturnType<typeof runServer>>
    try {
      failed = await runServer({ DATA_DIR, HOST: '127.0.0.1', PORT: busyPort })
    } finally {
      busy.close()
    }
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(new RegExp(`^sluice: cannot listen on HOST=127.0.0.1 PORT=${busyPort}: the port is already in use$`, 'm'))
    expect(failed.stdout).not.toMatch(/sluice_admin_/)

    const next = await startService({ DATA_DIR }, { timeoutMs: 60_000 })
    try {
      const printed = /(sluice_admin_[A-Za-z0-9_-]{43})/.exec(next.stdout())?.[1]
      expect(printed, next.stdout()).toBeDefined()
      expect((await api(next.url, printed!, 'GET', '/admin/api-tokens')).status).toBe(200)
    } finally {
      await next.stop()
    }
  })

  it('seeds the admin token from ADMIN_TOKEN and replaces it when the variable changes', async () => {
    const DATA_DIR = await dataDir()
    const before = await startService({ DATA_DIR, ADMIN_TOKEN: 'first-admin-token-0123456789' })
    expect(before.stdout()).not.toMatch(/sluice_admin_/)
    expect((await api(before.url, 'first-admin-token-0123456789', 'GET', '/admin/api-tokens')).status).toBe(200)
    await before.stop()

    const after = await startService({ DATA_DIR, ADMIN_TOKEN: 'second-admin-token-0123456789' })
    try {
      expect((await api(after.url, 'second-admin-token-0123456789', 'GET', '/admin/api-tokens')).status).toBe(200)
      expect((await api(after.url, 'first-admin-token-0123456789', 'GET', '/admin/api-tokens')).status).toBe(401)
    } finally {
      await after.stop()
    }
  })

  it('names what it could not use when it cannot start, and exits non-zero', async () => {
    const notADirectory = path.join(await dataDir(), 'a-file')
    await writeFile(notADirectory, '')
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const busyPort = String((busy.address() as AddressInfo).port)
    try {
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ DATA_DIR: notADirectory }, /^sluice: cannot use DATA_DIR=.*a-file for the embedded database \(EEXIST/m],
        [{ DATA_DIR: await dataDir(), PORT: busyPort }, new RegExp(`^sluice: cannot listen on HOST=127.0.0.1 PORT=${busyPort}: the port is already in use`, 'm')],
        [{ DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:1/sluice' }, /^sluice: cannot reach the database of DATABASE_URL at 127.0.0.1:1\/sluice \(ECONNREFUSED/m],
      ]
      for (const [env, expected] of cases) {
        const result = await runServer(env)
        expect(result.code, JSON.stringify(env)).toBe(1)
        expect(result.stderr).toMatch(expected)
        expect(result.stderr).not.toMatch(/hunter2| {4}at /)
      }
    } finally {
      busy.close()
    }
  })

  it('refuses to start on bad configuration, naming the variable', () => {
    const result = spawnSync(process.execPath, [SERVER], {
      env: { PATH: process.env.PATH, PORT: 'http', NODE_ENV: 'prod' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(78)
    expect(result.stderr).toMatch(/PORT must be a port number/)
    expect(result.stderr).toMatch(/NODE_ENV must be one of development, test, staging, production, got "prod"/)
  })
})

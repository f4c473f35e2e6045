import { describe, expect, it } from 'vitest'
import { runCli } from './cli.js'

async function run(argv: string[], body: unknown = [], env: Record<string, string> = { SLUICE_TOKEN: 'tok' }) {
  let stdout = ''
  const requests: Request[] = []
  const code = await runCli(argv, {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => {} },
    fetch: async (request) => {
      requests.push(request)
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
    },
  })
  return { code, stdout, requests }
}

const staging = { key: 'staging', name: 'Staging', production: false, sortOrder: 20, createdAt: '2026-11-25T10:00:00.000Z' }

describe('environments in the CLI', () => {
  it('addresses every environment-scoped command at --env (or SLUICE_ENV) as ?environment=', async () => {
    const flags = await run(['flags', 'ls', '--env', 'staging'])
    expect(flags.code).toBe(0)
    expect(new URL(flags.requests[0]!.url).searchParams.get('environment')).toBe('staging')
    const fromEnv = await run(['segments', 'ls'], [], { SLUICE_TOKEN: 'tok', SLUICE_ENV: 'development' })
    expect(new URL(fromEnv.requests[0]!.url).searchParams.get('environment')).toBe('development')
    const none = await run(['flags', 'ls'])
    expect(new URL(none.requests[0]!.url).searchParams.has('environment')).toBe(false)
  })

  it('lists and creates environments, and binds an sdk token to --env', async () => {
    const listed = await run(['env', 'ls'], [staging])
    expect(listed.requests[0]!.url).toMatch(/\/api\/v1\/admin\/environments$/)
    expect(listed.stdout).toMatch(/^KEY\s+NAME\s+PRODUCTION\s+ORDER\s+CREATED\nstaging\s+Staging\s+no\s+20/)

    const created = await run(['env', 'create', 'qa', '--name', 'QA', '--order', '15'], { ...staging, key: 'qa', name: 'QA', sortOrder: 15 })
    expect(created.code).toBe(0)
    expect(await created.requests[0]!.json()).toEqual({ key: 'qa', name: 'QA', sortOrder: 15 })

    const token = await run(['tokens', 'create', 'checkout', '--role', 'sdk', '--env', 'staging'], {
      id: '5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93', name: 'checkout', role: 'sdk', environment: 'staging', environments: null,
      source: 'api', createdBy: 'admin', createdAt: '2026-11-25T10:00:00.000Z', revokedAt: null, token: 'sluice_sdk_x',
    })
    expect(token.code).toBe(0)
    expect(new URL(token.requests[0]!.url).searchParams.has('environment')).toBe(false)
    expect(await token.requests[0]!.json()).toEqual({ name: 'checkout', role: 'sdk', environment: 'staging' })
  })
})

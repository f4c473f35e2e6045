import { describe, expect, it } from 'vitest'
import { runCli } from './cli.js'

/** Runs the CLI against a fake service that answers every request with `status` and `body`. */
async function run(argv: string[], answer: { status: number; body?: unknown } = { status: 200, body: [] }, env: Record<string, string> = { SLUICE_TOKEN: 'tok' }) {
  let stdout = ''
  let stderr = ''
  const requests: Request[] = []
  const code = await runCli(argv, {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    fetch: async (request) => {
      requests.push(request)
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } })
    },
  })
  return { code, stdout, stderr, requests }
}

const flag = { key: 'pay', name: 'Pay', type: 'percentage', enabled: true, percentage: 25, archived: false, version: 4, createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T11:00:00.000Z' }

describe('runCli', () => {
  it('sends what the command says, with the token, to SLUICE_URL', async () => {
    const { code, requests } = await run(['flags', 'set', 'pay', '--enabled', 'false', '--if-version', '4'], { status: 200, body: flag }, { SLUICE_URL: 'http://sluice.test:4000', SLUICE_TOKEN: 'tok' })
    expect(code).toBe(0)
    const [request] = requests
    expect(request!.method).toBe('PUT')
    expect(request!.url).toBe('http://sluice.test:4000/api/v1/admin/feature-flags/pay')
    expect(request!.headers.get('authorization')).toBe('Bearer tok')
    expect(request!.headers.get('if-match')).toBe('4')
    expect(await request!.json()).toEqual({ enabled: false })
  })

  it('prints the API JSON with --json and a table without', async () => {
    const json = await run(['flags', 'ls', '--json'], { status: 200, body: [flag] })
    expect(JSON.parse(json.stdout)).toEqual([flag])
    const table = await run(['flags', 'ls'], { status: 200, body: [flag] })
    expect(table.stdout).toMatch(/^KEY\s+TYPE\s+STATE\s+ROLLOUT\s+VERSION\s+UPDATED\npay\s+percentage\s+on\s+25%\s+4\s+2026-11-25 11:00:00Z\n$/)
  })

  it("exits 1 with the server's message on an error answer", async () => {
    const error = { statusCode: 409, error: 'Conflict', code: 'SLUICE_CANARY_ACTIVE', message: 'flag "pay" already has an active canary (v2, running)' }
    const human = await run(['canary', 'start', 'pay', '--version', 'v3'], { status: 409, body: error })
    expect(human).toMatchObject({ code: 1, stdout: '' })
    expect(human.stderr).toBe('error: flag "pay" already has an active canary (v2, running) (409 Conflict, SLUICE_CANARY_ACTIVE)\n')
    const json = await run(['--json', 'canary', 'start', 'pay', '--version', 'v3'], { status: 409, body: error })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stderr)).toEqual(error)
  })

  it('exits 2 with help for a usage error, and 0 for help', async () => {
    const usage = await run(['canary', 'increase', 'pay', 'lots'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/^error: <percentage> must be a number, got "lots"\n\nUsage: sluice canary increase <key> <percentage>/)
    expect(usage.requests).toEqual([])
    const noToken = await run(['flags', 'ls'], undefined, {})
    expect(noToken).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: no API token: pass --token or set SLUICE_TOKEN/) })
    const badUrl = await run(['flags', 'ls', '--url', 'localhost:3001'])
    expect(badUrl).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: --url must be an http\(s\) URL such as http:\/\/127.0.0.1:3001, got "localhost:3001"/) })
    const help = await run(['rollback', 'flag', '--help'], undefined, {})
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: sluice rollback flag <key> --reason <reason>\n/)
  })

  it('says which service it could not reach', async () => {
    let stderr = ''
    const code = await runCli(['chaos', 'ls', '--url', 'http://127.0.0.1:9'], {
      env: { SLUICE_TOKEN: 'tok' },
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      fetch: async () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
      },
    })
    expect(code).toBe(1)
    expect(stderr).toBe('error: cannot reach http://127.0.0.1:9: ECONNREFUSED\n')
  })

  it('creates a token with a role and prints its secret once; refuses an unknown role', async () => {
    const created = { id: '5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93', name: 'ops', role: 'admin', source: 'api', createdBy: 'admin', createdAt: '2026-12-03T08:00:00.000Z', revokedAt: null, token: 'sluice_admin_secret' }
    const { code, stdout, requests } = await run(['tokens', 'create', 'ops', '--role', 'admin'], { status: 201, body: created })
    expect(code).toBe(0)
    expect(requests[0]!.method).toBe('POST')
    expect(requests[0]!.url).toBe('http://127.0.0.1:3001/api/v1/admin/api-tokens')
    expect(await requests[0]!.json()).toEqual({ name: 'ops', role: 'admin' })
    expect(stdout).toMatch(/shown only this once/)
    expect(stdout).toMatch(/token:\s+sluice_admin_secret/)
    const bad = await run(['tokens', 'create', 'ops', '--role', 'root'])
    expect(bad).toMatchObject({ code: 2, requests: [], stderr: expect.stringMatching(/^error: --role must be one of admin, operator, viewer, sdk, got "root"/) })
  })

  it('revokes a token by id', async () => {
    const { code, stdout, requests } = await run(['tokens', 'revoke', '5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93'], { status: 204 })
    expect(code).toBe(0)
    expect(requests[0]!.method).toBe('DELETE')
    expect(requests[0]!.url).toBe('http://127.0.0.1:3001/api/v1/admin/api-tokens/5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93')
    expect(stdout).toBe('revoked 5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93\n')
  })
})

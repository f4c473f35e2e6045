import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { runCli } from './cli.js'
import { rampLine } from './commands/canary.js'

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

  it('prints its version from package.json with --version, without a token or a request', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    const { code, stdout, requests } = await run(['--version'], undefined, {})
    expect(code).toBe(0)
    expect(stdout).toBe(`sluice ${version}\n`)
    expect(requests).toHaveLength(0)
  })

  it('shows a canary raised by hand between two steps where it is, not at the step below', async () => {
    const canary = {
      featureKey: 'pay', version: 'v3', status: 'running', percentage: 30, steps: [5, 10, 25, 50, 100], currentStep: 2,
      rollbackThreshold: 5, minSampleSize: 100, startedAt: '2026-11-25T10:00:00.000Z',
      metrics: {
        canary: { requests: 0, errors: 0, errorRate: 0, avgLatencyMs: 0, p95LatencyMs: 0 },
        baseline: { requests: 0, errors: 0, errorRate: 0, avgLatencyMs: 0, p95LatencyMs: 0 },
      },
      verdict: { verdict: 'continue', message: 'waiting for samples' },
    }
    const { code, stdout, stderr } = await run(['canary', 'status', 'pay'], { status: 200, body: canary })
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(/5 → 10 → 25 → \[30\] → 50 → 100/)
    expect(rampLine([5, 10, 25, 50, 100], 25)).toBe('5 → 10 → [25] → 50 → 100')
    expect(rampLine([], 25)).toBeUndefined()
  })
})

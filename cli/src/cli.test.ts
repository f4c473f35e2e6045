import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { runCli } from './cli.js'
import { runAgainst } from './test-support/fake-service.js'
import { rampLine } from './commands/canary.js'

const run = runAgainst

const flag = { key: 'pay', name: 'Pay', tags: ['payments', 'team:checkout'], type: 'percentage', enabled: true, percentage: 25, archived: false, version: 4, createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T11:00:00.000Z' }

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
    expect(table.stdout).toMatch(/^KEY\s+TYPE\s+STATE\s+ROLLOUT\s+VERSION\s+UPDATED\s+TAGS\npay\s+percentage\s+on\s+25%\s+4\s+2026-11-25 11:00:00Z\s+payments,team:checkout\n$/)
  })

  it('flags ls --tag asks for the flags with every tag given', async () => {
    const { code, requests } = await run(['flags', 'ls', '--tag', 'payments', '--tag', 'team:checkout'], { status: 200, body: [flag] })
    expect(code).toBe(0)
    const sent = new URL(requests[0]!.url)
    expect(sent.pathname).toBe('/api/v1/admin/feature-flags')
    expect(sent.searchParams.getAll('tag')).toEqual(['payments', 'team:checkout'])
    const none = await run(['flags', 'ls', '--tag', 'nobody'], { status: 200, body: [] })
    expect(none.stdout).toBe('no feature flags tagged nobody\n')
  })

  it('flags set --tags replaces the tags, separated by commas or spaces; an empty value removes them', async () => {
    const tagged = await run(['flags', 'set', 'pay', '--tags', 'payments, team:checkout beta'], { status: 200, body: flag })
    expect(tagged.code).toBe(0)
    expect(await tagged.requests[0]!.json()).toEqual({ tags: ['payments', 'team:checkout', 'beta'] })
    expect(tagged.stdout).toMatch(/\ntags:\s+payments, team:checkout\n/)
    const cleared = await run(['flags', 'set', 'pay', '--tags', ''], { status: 200, body: { ...flag, tags: [] } })
    expect(await cleared.requests[0]!.json()).toEqual({ tags: [] })
    expect(cleared.stdout).not.toMatch(/tags:/)
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
    expect(bad).toMatchObject({ code: 2, requests: [], stderr: expect.stringMatching(/^error: --role must be one of admin, operator, viewer, sdk, deployer, got "root"/) })
  })

  it('revokes a token by id', async () => {
    const { code, stdout, requests } = await run(['tokens', 'revoke', '5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93'], { status: 204 })
    expect(code).toBe(0)
    expect(requests[0]!.method).toBe('DELETE')
    expect(requests[0]!.url).toBe('http://127.0.0.1:3001/api/v1/admin/api-tokens/5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93')
    expect(stdout).toBe('revoked 5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93\n')
  })
})

describe('targeting commands', () => {
  it('flags check sends the context, attributes as attr.<name>, and prints which rule decided or failed', async () => {
    const answer = {
      key: 'checkout',
      enabled: false,
      reason: 'no_rule_matched',
      version: 3,
      rules: [
        { id: 'pro-eu', matched: false, failed: { kind: 'constraint', index: 1, attribute: 'country', operator: 'IN' } },
        { id: 'beta', name: 'beta testers', matched: false, failed: { kind: 'segment', segment: 'testers', index: 0, attribute: 'email', operator: 'STR_ENDS_WITH' } },
      ],
    }
    const { code, stdout, requests } = await run(['flags', 'check', 'checkout', '--user', 'u1', '--app', 'shop', '--attr', 'plan=pro', '--attr', 'country=US'], { status: 200, body: answer })
    expect(code).toBe(0)
    const sent = new URL(requests[0]!.url)
    expect(sent.pathname).toBe('/api/v1/admin/feature-flags/checkout/check')
    expect(Object.fromEntries(sent.searchParams)).toEqual({ userId: 'u1', appName: 'shop', 'attr.plan': 'pro', 'attr.country': 'US' })
    expect(stdout).toBe(
      [
        'checkout: off (no_rule_matched)',
        '  rule pro-eu: failed on country IN (constraint 1)',
        '  rule beta (beta testers): failed on segment testers: email STR_ENDS_WITH (constraint 0)',
        '',
      ].join('\n'),
    )
  })

  it('flags check refuses an --attr without a value before asking the service', async () => {
    const { code, stderr, requests } = await run(['flags', 'check', 'checkout', '--attr', 'plan'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^error: --attr must be name=value, got "plan"/)
    expect(requests).toEqual([])
  })

  it('import unleash posts the file, with dryRun, and prints the report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-'))
    const file = join(dir, 'features.json')
    const features = { version: 2, features: [{ name: 'a', enabled: true, strategies: [] }] }
    await writeFile(file, JSON.stringify(features))
    const report = {
      dryRun: true,
      features: [{ key: 'a', action: 'created' }, { key: 'b', action: 'refused', reason: 'strategy "x" has no equivalent in Sluice' }],
      segments: [],
      summary: { features: { created: 1, updated: 0, unchanged: 0, refused: 1 }, segments: { created: 0, updated: 0, unchanged: 0, refused: 0 } },
    }
    const { code, stdout, requests } = await run(['import', 'unleash', file, '--dry-run'], { status: 200, body: report })
    await rm(dir, { recursive: true })
    expect(code).toBe(0)
    expect(requests[0]!.method).toBe('POST')
    expect(requests[0]!.url).toBe('http://127.0.0.1:3001/api/v1/admin/import/unleash?dryRun=true')
    expect(await requests[0]!.json()).toEqual(features)
    expect(stdout).toMatch(/^dry run, nothing changed: would have created 1, updated 0, left 0 unchanged and refused 1 flags/)
    expect(stdout).toMatch(/flag\s+b\s+refused\s+strategy "x" has no equivalent in Sluice/)
  })

  it('export prints the environment\'s document, and import FILE applies it with --env and --dry-run', async () => {
    const document = { format: 'sluice-export', version: 1, environment: 'staging', exportedAt: '2026-11-25T10:00:00.000Z', flags: [flag], segments: [], chaosRules: [] }
    const exported = await run(['export', '--env', 'staging'], { status: 200, body: document })
    expect(exported.code).toBe(0)
    expect(exported.requests[0]!.url).toBe('http://127.0.0.1:3001/api/v1/admin/export?environment=staging')
    expect(JSON.parse(exported.stdout)).toEqual(document)

    const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-'))
    const file = join(dir, 'staging.json')
    await writeFile(file, exported.stdout)
    const counts = (created: number) => ({ created, updated: 0, unchanged: 0, refused: 0 })
    const report = {
      dryRun: true,
      flags: [{ key: 'pay', action: 'created' }],
      segments: [],
      chaosRules: [{ key: '9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d', action: 'refused', reason: 'chaos rules cannot be enabled in the environment "production"' }],
      summary: { flags: counts(1), segments: counts(0), chaosRules: { ...counts(0), refused: 1 } },
    }
    const imported = await run(['import', file, '--env', 'production', '--dry-run'], { status: 200, body: report })
    await rm(dir, { recursive: true })
    expect(imported.code).toBe(0)
    expect(imported.requests[0]!.method).toBe('POST')
    expect(imported.requests[0]!.url).toBe('http://127.0.0.1:3001/api/v1/admin/import?dryRun=true&environment=production')
    expect(await imported.requests[0]!.json()).toEqual(document)
    expect(imported.stdout).toMatch(/^dry run, nothing changed; would have done: segments: 0 created.*; flags: 1 created/)
    expect(imported.stdout).toMatch(/chaos rule\s+9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d\s+refused\s+chaos rules cannot be enabled/)
  })

  it('import unleash names a file it cannot read', async () => {
    const { code, stderr, requests } = await run(['import', 'unleash', '/nonexistent/features.json'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^error: cannot read \/nonexistent\/features.json/)
    expect(requests).toEqual([])
  })

  it('segments create and set send the constraints file, and set takes --if-version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-'))
    const file = join(dir, 'eu.json')
    const constraints = [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR'] }]
    await writeFile(file, JSON.stringify(constraints))
    const segment = { key: 'eu', name: 'EU', constraints, version: 1, createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z' }
    const created = await run(['segments', 'create', 'eu', '--name', 'EU', '--constraints', file], { status: 201, body: segment })
    expect(created.code).toBe(0)
    expect(await created.requests[0]!.json()).toEqual({ key: 'eu', name: 'EU', constraints })
    expect(created.stdout).toMatch(/^created segment eu\n\nkey:\s+eu\nname:\s+EU\nconstraints:\s+country IN DE, FR\n/)
    const updated = await run(['segments', 'set', 'eu', '--constraints', file, '--if-version', '1'], { status: 200, body: { ...segment, version: 2 } })
    await rm(dir, { recursive: true })
    expect(updated.requests[0]!.method).toBe('PUT')
    expect(updated.requests[0]!.headers.get('if-match')).toBe('1')
    expect(await updated.requests[0]!.json()).toEqual({ constraints })
    expect((await run(['segments', 'set', 'eu'])).stderr).toMatch(/^error: nothing to change: give --constraints or --name/)
  })

  it('segments ls lists segments', async () => {
    const segment = { key: 'eu', name: 'EU', constraints: [{ attribute: 'country', operator: 'IN', values: ['DE'] }], version: 2, createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T11:00:00.000Z' }
    const { stdout, requests } = await run(['segments', 'ls'], { status: 200, body: [segment] })
    expect(requests[0]!.url).toBe('http://127.0.0.1:3001/api/v1/admin/segments')
    expect(stdout).toMatch(/^KEY\s+NAME\s+CONSTRAINTS\s+VERSION\s+UPDATED\neu\s+EU\s+1\s+2\s+2026-11-25 11:00:00Z\n$/)
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

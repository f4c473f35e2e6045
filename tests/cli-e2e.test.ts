/**
 * The `sluice` bin the workspace links, as an on-call engineer runs it: a separate process per
 * command, against the real service process, reading its exit code, stdout and stderr.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN } from '../services/control-plane/src/test-support/test-env.js'
import { startDeployment, type Deployment } from './support/deployment.js'

const CLI = fileURLToPath(new URL('../node_modules/.bin/sluice', import.meta.url))

let deployment: Deployment
let url: string

beforeAll(async () => {
  // Chaos rules can only be enabled where the service allows them.
  deployment = await startDeployment(1, { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' })
  url = deployment.replicas[0]!.url
})
afterAll(async () => {
  await deployment?.close()
})

interface Run {
  code: number
  stdout: string
  stderr: string
}

function sluice(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      CLI,
      args,
      { env: { PATH: process.env.PATH, SLUICE_URL: url, SLUICE_TOKEN: TEST_ADMIN_TOKEN, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    )
  })
}

async function ok(args: string[]): Promise<string> {
  const run = await sluice(args)
  expect(run, `sluice ${args.join(' ')}`).toMatchObject({ code: 0, stderr: '' })
  return run.stdout
}

const json = async (args: string[]) => JSON.parse(await ok([...args, '--json']))

async function percentageFlag(key: string): Promise<void> {
  const created = await deployment.admin(deployment.replicas[0]!, 'POST', '/admin/feature-flags', { key, name: key, type: 'percentage', percentage: 0 })
  expect(created.status).toBe(201)
}

describe('the sluice CLI on a live control plane', () => {
  it('lists, changes and shows flags', async () => {
    await percentageFlag('cli_checkout')
    expect(await ok(['flags', 'set', 'cli_checkout', '--enabled', 'true', '--percentage', '30', '--description', 'New checkout'])).toMatch(
      /^updated cli_checkout to version 2\n\nkey: +cli_checkout\n/,
    )
    expect(await ok(['flags', 'ls'])).toMatch(/^KEY +TYPE +STATE +ROLLOUT +VERSION +UPDATED +TAGS\n(.*\n)*cli_checkout +percentage +on +30% +2 +\d{4}-/)
    const shown = await ok(['flags', 'get', 'cli_checkout'])
    expect(shown).toMatch(/^description: +New checkout$/m)
    expect(shown).toMatch(/^rollout: +30%$/m)
    expect(await json(['flags', 'get', 'cli_checkout'])).toMatchObject({ key: 'cli_checkout', enabled: true, percentage: 30, version: 2 })

    await percentageFlag('cli_untagged')
    expect(await ok(['flags', 'set', 'cli_checkout', '--tags', 'payments,team:checkout'])).toMatch(/^tags: +payments, team:checkout$/m)
    expect(await ok(['flags', 'ls', '--tag', 'payments', '--tag', 'team:checkout'])).toMatch(/^KEY .*\ncli_checkout +percentage +on +30% +3 +\S+ \S+ +payments,team:checkout\n$/)
    expect(await ok(['flags', 'ls', '--tag', 'nobody'])).toBe('no feature flags tagged nobody\n')
  })

  it('starts a canary, shows its metrics and verdict, and rolls it back', async () => {
    await percentageFlag('cli_ledger')
    expect(await ok(['canary', 'start', 'cli_ledger', '--version', 'v2', '--initial', '10', '--threshold', '2'])).toMatch(
      /^started canary v2 on cli_ledger at 10%\n/,
    )
    const status = await ok(['canary', 'status', 'cli_ledger'])
    expect(status).toMatch(/^status: +running$/m)
    expect(status).toMatch(/^SIDE +REQUESTS +ERRORS +ERROR RATE +AVG +P95 +P99\ncanary +0 +0 +0% .*\nbaseline +0 +0/m)
    expect(status).toMatch(/^verdict: insufficient_data: /m)
    expect(await json(['canary', 'status', 'cli_ledger'])).toMatchObject({ status: 'running', percentage: 10, metrics: { canary: { requests: 0 } } })

    expect(await ok(['canary', 'rollback', 'cli_ledger', '--reason', 'p99 doubled'])).toMatch(/^rolled back cli_ledger \(v2\) to 0%\n/)
    expect(await json(['canary', 'status', 'cli_ledger'])).toMatchObject({ status: 'rolled_back', percentage: 0 })

    // The same through the rollbacks API, on a second canary.
    await ok(['canary', 'start', 'cli_ledger', '--version', 'v3'])
    expect(await ok(['rollback', 'canary', 'cli_ledger', '--reason', 'still bad'])).toMatch(/^rolled back the canary on cli_ledger to 0%\n/)
    const rollbacks = await json(['rollback', 'ls', '--key', 'cli_ledger'])
    expect(rollbacks.map((r: { type: string; reason: string }) => [r.type, r.reason])).toEqual([
      ['canary', 'still bad'],
      ['canary', 'p99 doubled'],
    ])
  })

  it('rolls a flag back and records why', async () => {
    await percentageFlag('cli_wallet')
    await ok(['flags', 'set', 'cli_wallet', '--enabled', 'true'])
    const out = await ok(['rollback', 'flag', 'cli_wallet', '--reason', 'wallet 500s'])
    expect(out).toMatch(/^disabled cli_wallet\n\nrollback: +[0-9a-f-]{36}\ntype: +feature_flag\n/)
    expect(await json(['flags', 'get', 'cli_wallet'])).toMatchObject({ enabled: false })
    expect(await ok(['rollback', 'ls', '--key', 'cli_wallet'])).toMatch(/^AT +TYPE +FLAG +ACTOR +REASON\n.*feature_flag +cli_wallet +.* wallet 500s$/m)
  })

  it('lists chaos rules and halts them all', async () => {
    const rule = await deployment.admin(deployment.replicas[0]!, 'POST', '/admin/chaos-rules', {
      name: 'Slow wallet',
      type: 'latency',
      enabled: true,
      probability: 25,
      target: 'GET /api/wallet/**',
      config: { latencyMs: 300 },
    })
    expect(rule.status).toBe(201)
    expect(await ok(['chaos', 'ls'])).toMatch(new RegExp(`^${rule.body.id} +Slow wallet +latency +on +25% +GET /api/wallet/\\*\\* +-$`, 'm'))
    expect(await ok(['chaos', 'halt', '--reason', 'game day over'])).toMatch(/^halted 1 chaos rule\n/)
    expect(await json(['chaos', 'ls'])).toEqual([expect.objectContaining({ id: rule.body.id, enabled: false })])
    expect(await ok(['chaos', 'halt'])).toBe('no enabled chaos rules: nothing to halt\n')
  })

  it('imports from Unleash (dry run first), then checks a flag for a context and says which rule decided', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-e2e-'))
    const file = join(dir, 'features.json')
    const strategy = { id: 'pro-users', name: 'flexibleRollout', parameters: { rollout: '100', stickiness: 'default', groupId: 'Cli.Checkout' }, constraints: [{ contextName: 'plan', operator: 'IN', values: ['pro'] }] }
    await writeFile(file, JSON.stringify({ version: 2, features: [{ name: 'Cli.Checkout', enabled: true, strategies: [strategy] }] }))
    try {
      expect(await ok(['import', 'unleash', file, '--dry-run'])).toMatch(/^dry run, nothing changed: would have created 1,/)
      expect((await sluice(['flags', 'get', 'Cli.Checkout'])).code).toBe(1)
      expect(await ok(['import', 'unleash', file])).toMatch(/^created 1, updated 0, left 0 unchanged and refused 0 flags/)
    } finally {
      await rm(dir, { recursive: true })
    }
    expect(await ok(['flags', 'check', 'Cli.Checkout', '--user', 'u1', '--attr', 'plan=pro'])).toBe('Cli.Checkout: on (rule_match, rule pro-users)\n  rule pro-users (flexibleRollout): matched\n')
    expect(await ok(['flags', 'check', 'Cli.Checkout', '--user', 'u1', '--attr', 'plan=free'])).toBe(
      'Cli.Checkout: off (no_rule_matched)\n  rule pro-users (flexibleRollout): failed on plan IN (constraint 0)\n',
    )
  })

  it("fails with the server's message and exit 1", async () => {
    const badToken = await sluice(['flags', 'ls'], { SLUICE_TOKEN: 'not-a-real-token' })
    expect(badToken).toMatchObject({ code: 1, stdout: '' })
    expect(badToken.stderr).toBe('error: a valid bearer token is required (Authorization: Bearer <token>) (401 Unauthorized, SLUICE_UNAUTHORIZED)\n')

    const missing = await sluice(['--json', 'flags', 'get', 'no_such_flag'])
    expect(missing).toMatchObject({ code: 1, stdout: '' })
    expect(JSON.parse(missing.stderr)).toMatchObject({ statusCode: 404, code: 'SLUICE_FLAG_NOT_FOUND' })
  })

  it('exits 2 with help when called wrongly', async () => {
    const unknown = await sluice(['launch', 'everything'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^error: unknown command "launch"\n\n.*\n\nUsage: sluice <command> <subcommand>/)
    const noReason = await sluice(['rollback', 'flag', 'cli_wallet'])
    expect(noReason).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: --reason is required\n\nUsage: sluice rollback flag <key> --reason <reason>/) })
  })
})

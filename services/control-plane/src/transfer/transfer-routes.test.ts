/**
 * Export one environment, import it into a fresh installation: every flag answers the same.
 */
import { compileFlag, compileSegment, type CompiledFlag, type EvaluationContext, type Flag, type Segment } from '@sluice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let source: TestApp
let fresh: TestApp
const ENV = 'staging'

async function ok(app: TestApp, options: Parameters<TestApp['request']>[0], status = 200) {
  const res = await app.request(options)
  expect(res.statusCode, res.body).toBe(status)
  return res.json()
}

const flagsUrl = `/api/v1/admin/feature-flags?environment=${ENV}`
const PRO = { attribute: 'plan', operator: 'IN', values: ['pro'] }
const VARIANTS = [
  { key: 'control', weight: 60 },
  { key: 'treatment', weight: 40, payload: { steps: 1 }, overrides: [{ userIds: ['u7'] }] },
]

/** Several flags of every type, rules with segments, variants and a dependency. */
const SOURCE_FLAGS = [
  { key: 'a-kill', name: 'Kill', type: 'boolean', enabled: true, tags: ['ops', 'kill-switch'] },
  { key: 'bool-variants', name: 'AB', type: 'boolean', enabled: true, variants: VARIANTS },
  { key: 'bool-off', name: 'Off', type: 'boolean', enabled: false },
  { key: 'pct-25', name: 'P25', type: 'percentage', enabled: true, percentage: 25, tags: ['payments'] },
  { key: 'pct-70-ip', name: 'P70', type: 'percentage', enabled: true, percentage: 70, stickiness: 'ip', groupId: 'g1' },
  { key: 'users', name: 'Users', type: 'user_targeting', enabled: true, userIds: ['u1', 'u2', 'u3'] },
  { key: 'users-variants', name: 'UsersV', type: 'user_targeting', enabled: true, userIds: ['u4', 'u7', 'u9'], variants: VARIANTS },
  { key: 'ips', name: 'Ips', type: 'ip_targeting', enabled: true, ips: ['10.0.0.0/8'] },
  { key: 'ips-single', name: 'Ip1', type: 'ip_targeting', enabled: true, ips: ['11.1.1.1'] },
  { key: 'rules-seg', name: 'RulesSeg', type: 'rules', enabled: true, rules: [{ name: 'eu', segments: ['eu'], rollout: 50, constraints: [] }, { name: 'pro', constraints: [PRO] }] },
  { key: 'rules-variants', name: 'RulesV', type: 'rules', enabled: true, variants: VARIANTS, rules: [{ name: 'pro', constraints: [PRO], rollout: 80 }] },
  { key: 'z-child', name: 'Child', type: 'rules', enabled: true, dependencies: [{ flag: 'a-kill' }], rules: [{ name: 'eu', segments: ['eu'], constraints: [] }] },
]

beforeAll(async () => {
  const env = { CHAOS_TESTING_ENABLED: 'true' }
  ;[source, fresh] = await Promise.all([createTestApp({ env }), createTestApp({ env })])
  await ok(source, { method: 'POST', url: `/api/v1/admin/segments?environment=${ENV}`, payload: { key: 'eu', name: 'EU', constraints: [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR'] }] } }, 201)
  for (const flag of SOURCE_FLAGS) await ok(source, { method: 'POST', url: flagsUrl, payload: flag }, 201)
  await ok(source, { method: 'POST', url: `/api/v1/admin/chaos-rules?environment=${ENV}`, payload: { name: 'Slow', type: 'latency', enabled: true, probability: 5, config: { latencyMs: 100, jitterMs: 0 } } }, 201)
})
afterAll(() => Promise.all([source?.close(), fresh?.close()]))

async function exportOf(app: TestApp, environment = ENV) {
  return ok(app, { method: 'GET', url: `/api/v1/admin/export?environment=${environment}` })
}

async function importInto(app: TestApp, document: object, query = `?environment=${ENV}`, status = 200) {
  return ok(app, { method: 'POST', url: `/api/v1/admin/import${query}`, payload: document }, status)
}

/** Deterministic pseudo-random contexts. */
function contexts(n: number): EvaluationContext[] {
  let seed = 7
  // The high bits: an LCG's low bits repeat with a short period.
  const next = () => Math.floor((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 65_536)
  return Array.from({ length: n }, () => ({
    userId: `u${next() % 12}`,
    ip: `${next() % 2 ? 10 : 11}.${next() % 3}.${next() % 2}.${next() % 2}`,
    attributes: { plan: next() % 2 ? 'pro' : 'free', country: ['DE', 'FR', 'US'][next() % 3]! },
  }))
}

/** What an environment-bound SDK would answer, from the installation's /sdk/state. */
async function answers(app: TestApp, ctxs: EvaluationContext[]): Promise<string[]> {
  const { token } = await ok(app, { method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk', environment: ENV } }, 201)
  const state = await ok(app, { method: 'GET', url: '/api/v1/sdk/state', token })
  const segments = new Map((state.segments as Segment[]).map((s) => [s.key, compileSegment(s)]))
  const flags = new Map<string, CompiledFlag>()
  // Parents are compiled first: a child looks its parent up while compiling.
  const ordered = [...(state.flags as Flag[])].sort((a, b) => (a.dependencies?.length ?? 0) - (b.dependencies?.length ?? 0))
  for (const flag of ordered) flags.set(flag.key, compileFlag(flag, { flags, segments }))
  expect([...flags.keys()].sort()).toEqual(SOURCE_FLAGS.map((f) => f.key).sort())
  return ctxs.flatMap((ctx) =>
    [...flags.keys()].sort().map((key) => {
      const { enabled, variant, reason } = flags.get(key)!.evaluate(ctx)
      return `${key}:${enabled}:${variant?.key ?? '-'}:${reason}`
    }),
  )
}

describe('export and import', () => {
  it('exports the environment with versions, and a dry run into a fresh installation changes nothing', async () => {
    const document = await exportOf(source)
    expect(document).toMatchObject({ format: 'sluice-export', version: 1, environment: ENV })
    expect(document.flags.map((f: { key: string }) => f.key).sort()).toEqual(SOURCE_FLAGS.map((f) => f.key).sort())
    expect(document.segments).toMatchObject([{ key: 'eu', version: 1 }])
    expect(document.chaosRules).toMatchObject([{ name: 'Slow', enabled: true, version: 1 }])

    const report = await importInto(fresh, document, `?environment=${ENV}&dryRun=true`)
    expect(report.dryRun).toBe(true)
    expect(report.summary.flags).toEqual({ created: SOURCE_FLAGS.length, updated: 0, unchanged: 0, refused: 0 })
    expect(report.summary.segments.created).toBe(1)
    expect((await exportOf(fresh)).flags).toEqual([])
  })

  it('gives a fresh installation the same answers for 10,000 random contexts, and a second import changes nothing', async () => {
    const document = await exportOf(source)
    const report = await importInto(fresh, document)
    expect(report.summary).toEqual({
      flags: { created: SOURCE_FLAGS.length, updated: 0, unchanged: 0, refused: 0 },
      segments: { created: 1, updated: 0, unchanged: 0, refused: 0 },
      chaosRules: { created: 1, updated: 0, unchanged: 0, refused: 0 },
    })
    const ctxs = contexts(10_000)
    const expected = await answers(source, ctxs)
    expect(new Set(expected).size, 'the contexts reach the different answers of the flags').toBeGreaterThanOrEqual(22)
    expect(await answers(fresh, ctxs)).toEqual(expected)

    const again = await importInto(fresh, document)
    expect(again.summary.flags).toEqual({ created: 0, updated: 0, unchanged: SOURCE_FLAGS.length, refused: 0 })
    expect(again.summary.chaosRules.unchanged).toBe(1)

    const audit = await ok(fresh, { method: 'GET', url: '/api/v1/admin/audit-log?limit=1000' })
    expect(audit.filter((e: { action: string }) => e.action === 'import.sluice')).toHaveLength(2)
    expect(audit.filter((e: { action: string }) => e.action === 'flag.created').length).toBeGreaterThanOrEqual(SOURCE_FLAGS.length)
  })

  it("onConflict 'fail' refuses the whole import with 412 naming the item whose target moved", async () => {
    const document = await exportOf(source)
    const pct = document.flags.find((f: { key: string }) => f.key === 'pct-25')
    await ok(fresh, { method: 'PUT', url: `${flagsUrl.replace('?', '/pct-25?')}`, payload: { percentage: 30 } })
    await ok(fresh, { method: 'PUT', url: `${flagsUrl.replace('?', '/pct-25?')}`, payload: { percentage: 35 } })
    const res = await fresh.request({ method: 'POST', url: `/api/v1/admin/import?environment=${ENV}`, payload: { ...document, flags: [{ ...pct, percentage: 99 }], onConflict: 'fail' } })
    expect(res.statusCode, res.body).toBe(412)
    expect(res.json().message).toMatch(/flag pct-25 \(exported at version 1, now 3\)/)
    expect((await exportOf(fresh)).flags.find((f: { key: string }) => f.key === 'pct-25').percentage).toBe(35)

    const overwritten = await importInto(fresh, { ...document, flags: [pct] })
    expect(overwritten.flags).toEqual([{ key: 'pct-25', action: 'updated', version: 4 }])
  })

  it('refuses an enabled chaos rule into a production environment by name, and imports the rest', async () => {
    const document = await exportOf(source)
    const report = await importInto(fresh, document, '?environment=production')
    expect(report.chaosRules).toMatchObject([{ key: document.chaosRules[0].id, action: 'refused', reason: expect.stringMatching(/production/) }])
    expect(report.summary.flags.refused).toBe(0)
  })

  it('gives rules written without ids their own, so a hand-written document imports a readable flag', async () => {
    const document = { format: 'sluice-export', version: 1, flags: [{ key: 'hand-written', name: 'Hand', type: 'rules', enabled: true, rules: [{ name: 'pro', constraints: [PRO] }] }], segments: [], chaosRules: [] }
    const report = await importInto(fresh, document)
    expect(report.flags).toEqual([expect.objectContaining({ key: 'hand-written', action: 'created' })])
    const flag = await ok(fresh, { method: 'GET', url: `/api/v1/admin/feature-flags/hand-written?environment=${ENV}` })
    expect(flag.rules).toEqual([expect.objectContaining({ name: 'pro', id: expect.any(String) })])
    const listed = await ok(fresh, { method: 'GET', url: flagsUrl })
    expect(listed.map((f: { key: string }) => f.key)).toContain('hand-written')
  })

  it('lets a viewer export but not import', async () => {
    const { token } = await ok(fresh, { method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'viewer', role: 'viewer' } }, 201)
    const document = await ok(fresh, { method: 'GET', url: `/api/v1/admin/export?environment=${ENV}`, token })
    const res = await fresh.request({ method: 'POST', url: `/api/v1/admin/import?environment=${ENV}`, payload: document, token })
    expect(res.statusCode).toBe(403)
  })

  it.each([
    ['a wrong format', { format: 'unleash' }, /format/],
    ['a missing flags list', { flags: undefined }, /flags/],
    ['a flag without a key', { flags: [{ name: 'x' }] }, /flags\/0.*key|key/],
    ['an unknown onConflict', { onConflict: 'merge' }, /onConflict/],
  ])('answers 400 naming the field for %s, changing nothing', async (_, change, message) => {
    const document = { ...(await exportOf(source)), ...change }
    const res = await fresh.request({ method: 'POST', url: '/api/v1/admin/import?environment=development', payload: document })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().message).toMatch(message)
    expect((await exportOf(fresh, 'development')).segments).toEqual([])
  })
})

describe('tags', () => {
  const tagsOf = (flags: Array<{ key: string; tags: string[] }>, key: string) => flags.find((f) => f.key === key)?.tags

  it('exports every flag with its tags and imports them', async () => {
    const document = await exportOf(source)
    expect(tagsOf(document.flags, 'a-kill')).toEqual(['kill-switch', 'ops'])
    expect(tagsOf(document.flags, 'bool-off')).toEqual([])
    expect(tagsOf((await exportOf(fresh)).flags, 'a-kill')).toEqual(['kill-switch', 'ops'])
    expect(await ok(fresh, { method: 'GET', url: `${flagsUrl}&tag=payments` })).toMatchObject([{ key: 'pct-25' }])
  })

  it('counts a change of tags alone as an update, in a dry run and for real', async () => {
    const document = await exportOf(source)
    const retagged = { ...document, flags: document.flags.map((f: { key: string }) => (f.key === 'a-kill' ? { ...f, tags: ['ops'] } : f)) }
    const dry = await importInto(fresh, retagged, `?environment=${ENV}&dryRun=true`)
    expect(dry.flags.find((item: { key: string }) => item.key === 'a-kill')).toMatchObject({ action: 'updated' })
    expect(dry.summary.flags.updated).toBe(1)
    expect(tagsOf((await exportOf(fresh)).flags, 'a-kill')).toEqual(['kill-switch', 'ops'])
    const report = await importInto(fresh, retagged)
    expect(report.summary.flags.updated).toBe(1)
    expect(tagsOf((await exportOf(fresh)).flags, 'a-kill')).toEqual(['ops'])
    // Tags are identity: every environment has them.
    expect((await ok(fresh, { method: 'GET', url: '/api/v1/admin/feature-flags/a-kill?environment=production' })).tags).toEqual(['ops'])
  })

  it('imports an export from before tags: new flags get none, existing flags keep theirs', async () => {
    const { flags, ...document } = await exportOf(source)
    const untagged = flags.map(({ tags: _tags, ...flag }: { tags: string[] }) => flag)
    const report = await importInto(fresh, { ...document, flags: [...untagged, { key: 'from-before', name: 'Before', type: 'boolean', enabled: true }] })
    expect(report.summary.flags.refused).toBe(0)
    expect(report.flags.find((item: { key: string }) => item.key === 'from-before')).toMatchObject({ action: 'created' })
    const now = (await exportOf(fresh)).flags
    expect(tagsOf(now, 'from-before')).toEqual([])
    expect(tagsOf(now, 'a-kill')).toEqual(['ops'])
    expect(tagsOf(now, 'pct-25')).toEqual(['payments'])
  })

  it('refuses a flag with a bad tag by name, and imports the rest', async () => {
    const document = { format: 'sluice-export', version: 1, segments: [], chaosRules: [], flags: [
      { key: 'bad-tag', name: 'Bad', type: 'boolean', enabled: true, tags: ['fine', 'Not Fine'] },
      { key: 'good-tag', name: 'Good', type: 'boolean', enabled: true, tags: ['fine'] },
    ] }
    const report = await importInto(fresh, document)
    expect(report.flags).toEqual([
      { key: 'bad-tag', action: 'refused', reason: expect.stringMatching(/^tags\[1\]: must match pattern/) },
      expect.objectContaining({ key: 'good-tag', action: 'created' }),
    ])
  })
})

/**
 * Unleash's client specification through the whole service: each evaluation spec file is
 * POSTed to the importer as the state an Unleash server would serve, and every case is asked
 * of `/check` over HTTP, context in the query string. The engine's own test
 * (sdks/core/src/unleash-client-specification.test.ts) proves the mapping and the evaluation;
 * this one proves the service stores what the mapping produced without refusing or changing
 * it, and that /check reads a context the way Unleash's clients do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asUnleashVariant, expectedVariant, readSpec, specFiles, type SpecCase } from '../../../../sdks/core/src/test-support/unleash-specification.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

/**
 * What the service refuses, by file, and why. Unleash stores these and answers false where
 * they cannot work; Sluice refuses at write time, by name, what its API would refuse (an
 * operator it does not know, a regex that does not compile or needs more than RE2, an entry
 * that is no address, a segment or parent flag that does not exist, dependencies in a cycle
 * or two levels deep) and names that cannot be keys, rather than store a flag that silently
 * differs. The spec's cases for a refused feature are skipped: it is not imported.
 */
const EXPECTED_REFUSALS: Record<string, Record<string, RegExp>> = {
  '06-remote-address-strategy.json': { 'Feature.remoteAddress.C': /not an IPv4 or IPv6 address/ },
  '13-constraint-operators.json': { 'F7.invalid-operator': /operator/ },
  '15-global-constraints.json': { 'F9.withMissingSegment': /no segment "unleash-segment-404"/ },
  '17-dependent-features.json': {
    'parent.with.cycle': /cycle/,
    'child.with.cycle': /cycle/,
    'child.with.transitive.dependency': /has dependencies of its own/,
    'parents.not.exist.child.enabled': /no flag "parent.not.exist"/,
  },
  '18-utf8-flag-names.json': { 'Feature.UTF-8.Hellø_Wørld': /cannot be a Sluice flag key/, 'Feature.UTF-8.😊_φriend_你好_🌍': /cannot be a Sluice flag key/ },
  '21-regex-constraint-operators.json': {
    'invalid-regex-defaults-to-false': /regex does not compile/,
    'R90.reject_lookahead': /RE2/,
    'R91.reject_backreference': /RE2/,
  },
  '22-cidr-constraint-operators.json': {
    'CIDR.mixed.values': /not an IPv4 or IPv6 address/,
    'CIDR.invalid.only': /not an IPv4 or IPv6 address/,
    'CIDR.ipv6.mixed.values': /not an IPv4 or IPv6 address/,
  },
}

const TOP_LEVEL: Record<string, string> = { userId: 'userId', sessionId: 'sessionId', remoteAddress: 'ip', appName: 'appName', environment: 'contextEnvironment', currentTime: 'currentTime' }

/** An Unleash context as /check's query: its own fields by name, everything else as `attr.<name>`. */
function queryOf(context: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(context)) {
    if (name === 'properties' && typeof value === 'object' && value !== null) {
      for (const [property, v] of Object.entries(value)) if (!(property in TOP_LEVEL)) params.set(`attr.${property}`, String(v))
    } else if (name in TOP_LEVEL) {
      params.set(TOP_LEVEL[name]!, String(value))
    } else if (value !== undefined && value !== null) {
      params.set(`attr.${name}`, String(value))
    }
  }
  return params.toString()
}

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe("Unleash's client specification, through POST /admin/import/unleash and /check", () => {
  for (const file of specFiles) {
    it(`imports ${file} and answers every case as Unleash does`, async () => {
      const spec = readSpec(file)
      const imported = await t.request({ method: 'POST', url: '/api/v1/admin/import/unleash', payload: spec.state })
      expect(imported.statusCode, imported.body).toBe(200)
      const refused = (imported.json().features as Array<{ key: string; action: string; reason?: string }>).filter((f) => f.action === 'refused')
      const expectedRefusals = EXPECTED_REFUSALS[file] ?? {}
      const unexpected = refused.filter((f) => !expectedRefusals[f.key]?.test(f.reason ?? ''))
      const missing = Object.keys(expectedRefusals).filter((key) => !refused.some((f) => f.key === key))

      const mismatches: string[] = []
      const check = async (c: SpecCase) => {
        const res = await t.request({ method: 'GET', url: `/api/v1/admin/feature-flags/${encodeURIComponent(c.toggleName)}/check?${queryOf(c.context)}` })
        return { body: res.body, answer: res.json() as { enabled: boolean; variant?: { key: string; payload?: unknown } } }
      }
      const wasImported = (c: SpecCase) => !refused.some((f) => f.key === c.toggleName)
      for (const c of (spec.tests ?? []).filter(wasImported)) {
        const { body, answer } = await check(c)
        if (answer.enabled !== c.expectedResult) mismatches.push(`${c.description}: expected ${String(c.expectedResult)}, got ${body}`)
      }
      // Variants as Unleash answers them, payloads and feature_enabled included.
      for (const c of (spec.variantTests ?? []).filter(wasImported)) {
        const { body, answer } = await check(c)
        const [got, want] = [asUnleashVariant(answer.enabled, answer.variant), expectedVariant(c.expectedResult)]
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${c.description}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)} (${body})`)
      }
      expect({ unexpected, missing, mismatches }).toEqual({ unexpected: [], missing: [], mismatches: [] })
    })
  }
})

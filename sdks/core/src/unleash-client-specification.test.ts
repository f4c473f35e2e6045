/**
 * Unleash's own client specification (@unleash/client-specification): every spec file that
 * tests evaluation is imported through `fromUnleash` and every case is evaluated by the Sluice
 * engine. A feature the import refuses is absent, as it would be after a real import, and
 * answers like an unknown flag; the refusals are listed below, each with why, and any other
 * fails the test. The delta-API files test a wire protocol, not evaluation.
 */
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NOT_FOUND } from './results.js'
import { importState, sluiceContext } from './test-support/unleash-state.js'

interface SpecCase {
  description: string
  context: Record<string, unknown>
  toggleName: string
  expectedResult: unknown
}

interface Spec {
  name: string
  state: unknown
  tests?: SpecCase[]
  variantTests?: SpecCase[]
}

const require = createRequire(import.meta.url)
const specDir = join(dirname(require.resolve('@unleash/client-specification/package.json')), 'specifications')
const specFiles = (JSON.parse(readFileSync(join(specDir, 'index.json'), 'utf8')) as string[]).filter((f) => !f.includes('delta-api'))

/** Features that cannot be imported: Sluice refuses an operator it does not know rather than store it. */
const EXPECTED_REFUSALS: Record<string, string[]> = {
  '13-constraint-operators.json': ['F7.invalid-operator'],
}

function load(file: string): Spec {
  return JSON.parse(readFileSync(join(specDir, file), 'utf8')) as Spec
}

/** Unleash's variant shape for a Sluice evaluation: `disabled` when there is no variant. */
function asUnleashVariant(enabled: boolean, variant: { key: string; payload?: unknown } | undefined): Record<string, unknown> {
  if (variant === undefined) return { name: 'disabled', enabled: false, feature_enabled: enabled }
  return { name: variant.key, ...(variant.payload === undefined ? {} : { payload: variant.payload }), enabled: true, feature_enabled: enabled }
}

describe("Unleash's client specification, imported and evaluated by Sluice", () => {
  it('covers every evaluation spec file of the package', () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(20)
  })

  for (const file of specFiles) {
    it(`agrees on every case of ${file}`, () => {
      const spec = load(file)
      const state = importState(spec.state)
      const mismatches: string[] = []
      for (const c of spec.tests ?? []) {
        const evaluation = state.flags.get(c.toggleName)?.evaluate(sluiceContext(c.context)) ?? NOT_FOUND
        if (evaluation.enabled !== c.expectedResult) {
          mismatches.push(`${c.description}: expected ${String(c.expectedResult)}, got ${evaluation.enabled} (${evaluation.reason})`)
        }
      }
      for (const c of spec.variantTests ?? []) {
        const evaluation = state.flags.get(c.toggleName)?.evaluate(sluiceContext(c.context)) ?? NOT_FOUND
        const got = asUnleashVariant(evaluation.enabled, evaluation.variant)
        const { featureEnabled: _alias, ...expected } = c.expectedResult as Record<string, unknown>
        if (JSON.stringify(sorted(got)) !== JSON.stringify(sorted(expected))) {
          mismatches.push(`${c.description}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`)
        }
      }
      const refused = state.imported.refused.map((r) => r.name)
      expect({ refused, mismatches }).toEqual({ refused: EXPECTED_REFUSALS[file] ?? [], mismatches: [] })
      expect((spec.tests?.length ?? 0) + (spec.variantTests?.length ?? 0)).toBeGreaterThan(0)
    })
  }
})

function sorted(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)))
}

/**
 * Unleash's own client specification (@unleash/client-specification): every spec file that
 * tests evaluation is imported through `fromUnleash` and every case is evaluated by the Sluice
 * engine. A feature the import refuses is absent, as it would be after a real import, and
 * answers like an unknown flag; the refusals are listed below, each with why, and any other
 * fails the test. The delta-API files test a wire protocol, not evaluation.
 */
import { describe, expect, it } from 'vitest'
import { NOT_FOUND } from './results.js'
import { importState, sluiceContext } from './test-support/unleash-state.js'
import { asUnleashVariant, expectedVariant, readSpec, specFiles } from './test-support/unleash-specification.js'

/** Features that cannot be imported: Sluice refuses an operator it does not know rather than store it. */
const EXPECTED_REFUSALS: Record<string, string[]> = {
  '13-constraint-operators.json': ['F7.invalid-operator'],
}

describe("Unleash's client specification, imported and evaluated by Sluice", () => {
  it('covers every evaluation spec file of the package', () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(20)
  })

  for (const file of specFiles) {
    it(`agrees on every case of ${file}`, () => {
      const spec = readSpec(file)
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
        const expected = expectedVariant(c.expectedResult)
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          mismatches.push(`${c.description}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`)
        }
      }
      const refused = state.imported.refused.map((r) => r.name)
      expect({ refused, mismatches }).toEqual({ refused: EXPECTED_REFUSALS[file] ?? [], mismatches: [] })
      expect((spec.tests?.length ?? 0) + (spec.variantTests?.length ?? 0)).toBeGreaterThan(0)
    })
  }
})

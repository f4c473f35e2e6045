/**
 * Test support: the evaluation files of Unleash's client specification
 * (@unleash/client-specification, a development dependency of this package), read the same
 * way by the engine's test and by the service's, and Unleash's shape of a variant answer.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface SpecCase {
  description: string
  context: Record<string, unknown>
  toggleName: string
  expectedResult: unknown
}

export interface Spec {
  name: string
  state: { features: unknown[] }
  tests?: SpecCase[]
  variantTests?: SpecCase[]
}

const specDir = join(dirname(createRequire(import.meta.url).resolve('@unleash/client-specification/package.json')), 'specifications')

/** Every spec file that tests evaluation; the delta-API files test a wire protocol. */
export const specFiles = (JSON.parse(readFileSync(join(specDir, 'index.json'), 'utf8')) as string[]).filter((file) => !file.includes('delta-api'))

export function readSpec(file: string): Spec {
  return JSON.parse(readFileSync(join(specDir, file), 'utf8')) as Spec
}

/** Unleash's variant answer for a Sluice one (`disabled` when there is no variant), keys sorted for comparison. */
export function asUnleashVariant(enabled: boolean, variant: { key: string; payload?: unknown } | undefined): Record<string, unknown> {
  const answer = variant === undefined
    ? { name: 'disabled', enabled: false, feature_enabled: enabled }
    : { name: variant.key, ...(variant.payload === undefined ? {} : { payload: variant.payload }), enabled: true, feature_enabled: enabled }
  return sortedKeys(answer)
}

/** A spec case's expected variant, in the shape `asUnleashVariant` answers (`featureEnabled` is an alias). */
export function expectedVariant(expectedResult: unknown): Record<string, unknown> {
  const { featureEnabled: _alias, ...expected } = expectedResult as Record<string, unknown>
  return sortedKeys(expected)
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)))
}

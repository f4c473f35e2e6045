/**
 * Prints the literal tables in `known-values.test.ts`, computed with the reference
 * implementations: `murmurhash3js` for hashes and buckets, and the real `unleash-client`
 * (bootstrapped offline, no network) for rollouts and variant assignments. The tables are
 * committed as numbers so a change to our hashing cannot slip through; rerun this only to
 * extend them: `cd sdks/core && npx tsx src/test-support/generate-known-values.ts`.
 */
import murmurhash3js from 'murmurhash3js'
import { InMemStorageProvider, Unleash } from 'unleash-client'

export const GROUPS = ['checkout-redesign', 'new-search', 'pricing.v2', 'dark_mode', 'gruppe-ü']
export const IDS = [
  'user-1',
  'user-42',
  'alice@example.com',
  '7f3c9a4e-2b1d-4c8e-9f6a-1e2d3c4b5a69',
  '123456',
  'a',
  'José',
  'Łukasz',
  'ユーザー42',
  '😀-smile',
  'Ωmega',
  'x'.repeat(37),
]

/** Variants shared by the assignment table: one of them weight 0, as Unleash allows. */
export const TABLE_VARIANTS = [
  { key: 'control', weight: 334 },
  { key: 'retired', weight: 0 },
  { key: 'blue', weight: 333 },
  { key: 'green', weight: 333 },
]

/** A TypeScript string literal (none of the ids above holds a quote or a backslash). */
const literal = (s: string) => `'${s}'`

async function unleashWith(features: unknown[]): Promise<Unleash> {
  const unleash = new Unleash({
    appName: 'sluice-known-values',
    url: 'http://127.0.0.1:9/unused',
    refreshInterval: 0,
    disableMetrics: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: features as never },
  })
  await new Promise<void>((resolve) => unleash.once('ready', () => resolve()))
  return unleash
}

async function main(): Promise<void> {
  const rows: string[] = []
  const features: unknown[] = []
  for (const [g, groupId] of GROUPS.entries()) {
    for (const [i, id] of IDS.entries()) {
      if ((g + i) % 2 !== 0) continue
      const hash = murmurhash3js.x86.hash32(`${groupId}:${id}`, 0)
      const bucket = (hash % 100) + 1
      const fine = (bucket - 1) * 100 + (Math.floor(hash / 100) % 100) + 1
      rows.push(`  [${literal(groupId)}, ${literal(id)}, ${hash}, ${bucket}, ${fine}],`)
      // A flexibleRollout at exactly this bucket, and one percent lower: Unleash must say on, then off.
      for (const rollout of [bucket, bucket - 1]) {
        features.push({
          name: `${g}-${i}-${rollout}`,
          enabled: true,
          strategies: [{ name: 'flexibleRollout', parameters: { rollout: String(rollout), stickiness: 'default', groupId } }],
        })
      }
    }
  }
  for (const groupId of GROUPS) {
    features.push({
      name: `variants-${groupId}`,
      enabled: true,
      strategies: [
        {
          name: 'flexibleRollout',
          parameters: { rollout: '100', stickiness: 'default', groupId },
          variants: TABLE_VARIANTS.map((v) => ({ name: v.key, weight: v.weight, stickiness: 'default', weightType: 'variable' })),
        },
      ],
    })
  }
  const unleash = await unleashWith(features)

  for (const [g, groupId] of GROUPS.entries()) {
    for (const [i, id] of IDS.entries()) {
      if ((g + i) % 2 !== 0) continue
      const bucket = (murmurhash3js.x86.hash32(`${groupId}:${id}`, 0) % 100) + 1
      const on = unleash.isEnabled(`${g}-${i}-${bucket}`, { userId: id })
      const below = unleash.isEnabled(`${g}-${i}-${bucket - 1}`, { userId: id })
      if (!on || below) throw new Error(`unleash-client disagrees on the bucket of ${groupId}:${id}`)
    }
  }

  const variantRows: string[] = []
  for (const groupId of GROUPS) {
    for (const id of IDS) {
      const v = unleash.getVariant(`variants-${groupId}`, { userId: id })
      const target = (murmurhash3js.x86.hash32(`${groupId}:${id}`, 86028157) % 1000) + 1
      variantRows.push(`  [${literal(groupId)}, ${literal(id)}, ${target}, ${literal(v.name)}],`)
    }
  }
  unleash.destroy()
  process.stdout.write(`// [groupId, userId, murmurhash3js hash seed 0, bucket, fine bucket]\n${rows.join('\n')}\n\n`)
  process.stdout.write(`// [groupId, userId, variant target over 1000, unleash-client's variant]\n${variantRows.join('\n')}\n`)
}

await main()

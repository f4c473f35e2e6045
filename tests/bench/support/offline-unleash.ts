/**
 * An unleash-client that evaluates features it was bootstrapped with and never talks to a
 * server: how the benchmarks run Unleash's own evaluator in the same process as Sluice's.
 */
import { InMemStorageProvider, Unleash } from 'unleash-client'

export async function offlineUnleash(features: unknown): Promise<Unleash> {
  const unleash = new Unleash({
    appName: 'sluice-bench',
    url: 'http://127.0.0.1:9/never-contacted',
    refreshInterval: 0,
    disableMetrics: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: features as never },
  })
  unleash.on('error', () => {})
  unleash.on('warn', () => {})
  await new Promise<void>((resolve) => unleash.once('ready', () => resolve()))
  return unleash
}

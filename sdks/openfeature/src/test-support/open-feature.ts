/**
 * Each test gets its own OpenFeature domain, so providers, clients and handlers of one test
 * never see another's, and `clearProviders()` closes them all afterwards.
 */
import { OpenFeature, type Client, type Provider } from '@openfeature/server-sdk'

let domains = 0

export async function clientFor(provider: Provider): Promise<Client> {
  const domain = `test-${++domains}`
  await OpenFeature.setProviderAndWait(domain, provider)
  return OpenFeature.getClient(domain)
}

/** A domain whose provider is set without waiting, with its client: for initializations that fail. */
export function unawaitedClientFor(provider: Provider): { client: Client; initialized: Promise<void> } {
  const domain = `test-${++domains}`
  const client = OpenFeature.getClient(domain)
  const initialized = OpenFeature.setProviderAndWait(domain, provider)
  return { client, initialized }
}

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} }

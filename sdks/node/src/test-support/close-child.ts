/**
 * Run as a child process by close.test.ts: creates a client in the state named by argv[2],
 * closes it, prints "closed", and must then exit by itself (nothing left keeping it alive).
 */
import { createClient } from '../index.js'

const [mode = 'dead', url = 'http://127.0.0.1:9', cacheFile] = process.argv.slice(2)
const client = createClient({
  url,
  sdkKey: 'sdk_test_4f9c2e7b1a',
  logger: {},
  readTimeoutMs: 60_000,
  pollIntervalMs: 50,
  ...(cacheFile !== undefined && { cacheFile }),
})

if (mode === 'streaming') {
  await client.ready({ timeoutMs: 5000 })
} else {
  // Dead control plane: let a few attempts, backoff timers and polls happen first, and leave a ready() pending.
  client.ready({ timeoutMs: 60_000 }).catch(() => {})
  await new Promise((resolve) => setTimeout(resolve, 300))
}
await client.close()
console.log(`closed ${Date.now()}`)

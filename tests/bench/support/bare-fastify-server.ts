/**
 * The baseline for /check and OFREP: a bare Fastify 5 app (no auth, no schemas, no logging) with one
 * route at the same path answering a small JSON object of the same shape. Run as a child
 * process (child-script.ts); it reports `{ type: 'listening', port }` over IPC.
 */
import Fastify from 'fastify'

const app = Fastify({ logger: false })

app.get('/api/v1/admin/feature-flags/:key/check', async (request) => {
  const { key } = request.params as { key: string }
  return { key, enabled: true, reason: 'rollout', version: 1 }
})

// The baseline for OFREP: a POST that parses a JSON context and answers one small object.
app.post('/ofrep/v1/evaluate/flags/:key', async (request) => {
  const { key } = request.params as { key: string }
  return { key, value: true, reason: 'SPLIT', metadata: { enabled: true, sluiceReason: 'rollout' } }
})

await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
process.send!({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 })
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))
process.once('disconnect', () => void app.close().then(() => process.exit(0)))

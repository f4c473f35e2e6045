/**
 * SIGTERM is how every orchestrator stops a replica, usually while it still serves: a request
 * cut off mid-write leaves its client unsure whether the change happened. Issue 2 asks the
 * process to stop accepting, finish what it has begun, end its streams and exit cleanly.
 */
import http, { type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN } from '../services/control-plane/src/test-support/test-env.js'
import { until } from '../services/control-plane/src/test-support/until.js'
import { exitOf } from './support/service-process.js'
import { startDeployment, type Deployment } from './support/deployment.js'

let deployment: Deployment | undefined
afterAll(() => deployment?.close())

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms).unref())])
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'))
  })
}

async function bodyOf(res: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of res) text += chunk
  return text
}

describe('the service process on SIGTERM', () => {
  it('finishes a request in flight, refuses new connections, ends its streams and exits 0', async () => {
    deployment = await startDeployment(1)
    const service = deployment.replicas[0]!
    // Clients of a load balancer keep their connections open between requests.
    const agent = new http.Agent({ keepAlive: true })

    const stream = await new Promise<IncomingMessage>((resolve, reject) =>
      http.get(`${service.url}/api/v1/sdk/stream`, { agent, headers: { ...auth, accept: 'text/event-stream' } }, resolve).once('error', reject),
    )
    expect(stream.statusCode).toBe(200)
    let received = ''
    const streamEnded = new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => (received += chunk.toString()))
      stream.once('end', resolve)
      stream.once('error', reject)
    })
    await until(() => received.includes('event: snapshot'), 10_000, 'the stream snapshot')

    // Large enough to arrive in several reads; the service cannot answer before the last one.
    const userIds = Array.from({ length: 10_000 }, (_, i) => `customer-${String(i).padStart(8, '0')}`)
    const body = Buffer.from(JSON.stringify({ key: 'written_during_shutdown', name: 'x', type: 'user_targeting', enabled: true, userIds }))
    const post = http.request(`${service.url}/api/v1/admin/feature-flags`, {
      method: 'POST',
      agent,
      // 100 Continue comes once the service has taken the request: from then on it is in flight.
      headers: { ...auth, 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' },
    })
    const answered = new Promise<IncomingMessage>((resolve, reject) => post.once('response', resolve).once('error', reject))
    await within(new Promise((resolve) => post.once('continue', resolve)), 10_000, '100 Continue')
    const half = Math.floor(body.length / 2)
    post.write(body.subarray(0, half))

    const exited = exitOf(service.child)
    service.child.kill('SIGTERM')
    await until(() => refusesConnections(service.port), 10_000, 'new connections refused')
    await within(streamEnded, 10_000, 'the stream ending')

    post.end(body.subarray(half))
    const res = await within(answered, 10_000, 'the answer to the request in flight')
    const text = await bodyOf(res)
    expect(res.statusCode, text).toBe(201)
    expect(JSON.parse(text)).toMatchObject({ key: 'written_during_shutdown', type: 'user_targeting', userIds })
    // Or the client would send its next request down a connection about to close.
    expect(res.headers.connection).toBe('close')

    // Exit 1 is the grace timer: something (a keep-alive connection) held the close open.
    expect(await within(exited, 15_000, 'the process exiting')).toBe(0)
    agent.destroy()

    // The answer was the truth: the flag is there after a restart.
    deployment.replicas.length = 0
    const restarted = await deployment.addReplica()
    const flag = await deployment.admin(restarted, 'GET', '/admin/feature-flags/written_during_shutdown')
    expect(flag.status).toBe(200)
    expect(flag.body.userIds).toHaveLength(userIds.length)
  })
})

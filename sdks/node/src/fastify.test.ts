/** The Fastify route guard, on a real Fastify instance. */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { createClient } from './client.js'
import { flag } from './test-support/fake-control-plane.js'
import { startFake, track } from './test-support/harness.js'
import { createOfflineClient, type OfflineClient } from './testing.js'

declare module 'fastify' {
  interface FastifyRequest {
    user?: { id: string }
  }
}

const apps: FastifyInstance[] = []

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

function sluiceWith(flags: Parameters<typeof createOfflineClient>[0]): OfflineClient {
  return track(createOfflineClient(flags))
}

async function appWith(sluice: OfflineClient, build?: (app: FastifyInstance) => void, plugin = sluice.fastify()) {
  const app = Fastify()
  apps.push(app)
  build?.(app)
  await app.register(plugin)
  app.post('/pay', { config: { featureFlag: 'new_payment_flow' }, schema: { body: { type: 'object', required: ['amount'] } } }, async () => ({ paid: true }))
  app.get('/beta', { config: { featureFlag: 'beta' } }, async () => ({ beta: true }))
  app.get('/open', async () => ({ open: true }))
  await app.ready()
  return app
}

describe('client.fastify()', () => {
  it('answers 404 in Fastify’s shape while the flag is off, and lets the route run once it is on', async () => {
    const sluice = sluiceWith({ flags: { new_payment_flow: false } })
    const app = await appWith(sluice)

    const off = await app.inject({ method: 'POST', url: '/pay', payload: { amount: 5 } })
    expect(off.statusCode).toBe(404)
    expect(off.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Route POST:/pay not found' })
    // A disabled route is indistinguishable from a missing one.
    const missing = await app.inject({ method: 'POST', url: '/nowhere', payload: { amount: 5 } })
    expect(Object.keys(missing.json()).sort()).toEqual(Object.keys(off.json()).sort())

    sluice.testing.setFlag({ key: 'new_payment_flow', enabled: true })
    const on = await app.inject({ method: 'POST', url: '/pay', payload: { amount: 5 } })
    expect(on.statusCode).toBe(200)
    expect(on.json()).toEqual({ paid: true })
  })

  it('answers 404, not a validation error, for an invalid body on a disabled route', async () => {
    const sluice = sluiceWith({ flags: { new_payment_flow: false } })
    const app = await appWith(sluice)
    expect((await app.inject({ method: 'POST', url: '/pay', payload: {} })).statusCode).toBe(404)
    sluice.testing.setFlag({ key: 'new_payment_flow' })
    expect((await app.inject({ method: 'POST', url: '/pay', payload: {} })).statusCode).toBe(400)
  })

  it('treats an unknown flag as off and leaves routes without featureFlag alone', async () => {
    const sluice = sluiceWith({})
    const app = await appWith(sluice)
    expect((await app.inject({ method: 'POST', url: '/pay', payload: { amount: 1 } })).statusCode).toBe(404)
    expect((await app.inject('/open')).json()).toEqual({ open: true })
  })

  it('reads the user from x-user-id by default', async () => {
    const sluice = sluiceWith({ flags: { beta: { userIds: ['u1'] } } })
    const app = await appWith(sluice)
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'u1' } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'u2' } })).statusCode).toBe(404)
    expect((await app.inject({ url: '/beta' })).statusCode).toBe(404)
  })

  it('prefers request.user.id, as set by auth, to the header', async () => {
    const sluice = sluiceWith({ flags: { beta: { userIds: ['authenticated'] } } })
    const app = await appWith(sluice, (a) => {
      a.decorateRequest('user', undefined)
      a.addHook('onRequest', async (request) => {
        request.user = { id: 'authenticated' }
      })
    })
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'someone-else' } })).statusCode).toBe(200)
  })

  it('reads the session from x-session-id and the address from request.ip', async () => {
    const sluice = sluiceWith({ flags: { beta: { ips: ['127.0.0.1'] }, sticky: { percentage: 100, stickiness: 'sessionId' } } })
    const app = Fastify()
    apps.push(app)
    await app.register(sluice.fastify())
    app.get('/ip', { config: { featureFlag: 'beta' } }, async () => 'ok')
    app.get('/session', { config: { featureFlag: 'sticky' } }, async () => 'ok')
    expect((await app.inject({ url: '/ip', remoteAddress: '127.0.0.1' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/ip', remoteAddress: '10.9.9.9' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/session', headers: { 'x-session-id': 's1' } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/session' })).statusCode).toBe(404)
  })

  it('uses a custom context function, from the plugin or the client', async () => {
    const sluice = sluiceWith({ flags: { beta: { userIds: ['tenant-7'] } } })
    const byTenant = (request: FastifyRequest) => ({ userId: String(request.headers['x-tenant']) })
    const app = await appWith(sluice, undefined, sluice.fastify({ context: byTenant }))
    expect((await app.inject({ url: '/beta', headers: { 'x-tenant': 'tenant-7' } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'tenant-7' } })).statusCode).toBe(404)

    const client = track(
      createClient({ offline: true, bootstrap: { flags: [flag('beta', { type: 'user_targeting', userIds: ['acme'] })] }, context: (r) => ({ userId: String(r.headers['x-org']) }) }),
    )
    const app2 = Fastify()
    apps.push(app2)
    await app2.register(client.fastify())
    app2.get('/beta', { config: { featureFlag: 'beta' } }, async () => 'ok')
    expect((await app2.inject({ url: '/beta', headers: { 'x-org': 'acme' } })).statusCode).toBe(200)
  })

  it('evaluates a request whose context function throws as anonymous, and logs it', async () => {
    const errors: string[] = []
    const sluice = track(createOfflineClient({ flags: { beta: { userIds: ['u1'] }, everyone: true }, logger: { error: (m: string) => errors.push(m) } }))
    const app = Fastify()
    apps.push(app)
    await app.register(
      sluice.fastify({
        context: () => {
          throw new Error('no tenant')
        },
      }),
    )
    app.get('/beta', { config: { featureFlag: 'beta' } }, async () => 'ok')
    app.get('/everyone', { config: { featureFlag: 'everyone' } }, async () => 'ok')
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'u1' } })).statusCode).toBe(404)
    expect((await app.inject({ url: '/everyone' })).statusCode).toBe(200)
    expect(errors).toHaveLength(2)
  })

  it('goes through the app’s own not-found handler', async () => {
    const sluice = sluiceWith({ flags: { beta: false } })
    const app = Fastify()
    apps.push(app)
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ custom: true, url: request.url }))
    await app.register(sluice.fastify())
    app.get('/beta', { config: { featureFlag: 'beta' } }, async () => 'ok')
    expect((await app.inject('/beta')).json()).toEqual({ custom: true, url: '/beta' })
  })

  it('reaches routes in encapsulated plugins registered after it', async () => {
    const sluice = sluiceWith({ flags: { beta: false } })
    const app = Fastify()
    apps.push(app)
    await app.register(sluice.fastify())
    await app.register(
      async (child) => {
        child.get('/beta', { config: { featureFlag: 'beta' } }, async () => 'ok')
      },
      { prefix: '/v2' },
    )
    expect((await app.inject('/v2/beta')).statusCode).toBe(404)
  })

  it('reaches routes in encapsulated plugins registered before it', async () => {
    const sluice = sluiceWith({ flags: { beta: { userIds: ['in'] } } })
    const app = Fastify()
    apps.push(app)
    await app.register(
      async (child) => {
        child.get('/beta', { config: { featureFlag: 'beta' } }, async () => 'ok')
      },
      { prefix: '/v2' },
    )
    await app.register(sluice.fastify())
    expect((await app.inject({ url: '/v2/beta', headers: { 'x-user-id': 'out' } })).statusCode).toBe(404)
    expect((await app.inject({ url: '/v2/beta', headers: { 'x-user-id': 'in' } })).statusCode).toBe(200)
  })

  it('turns a disabled route away before the route’s own preValidation hooks run', async () => {
    const sluice = sluiceWith({ flags: { beta: false } })
    const app = Fastify()
    apps.push(app)
    await app.register(sluice.fastify())
    const ran: string[] = []
    app.get('/beta', { config: { featureFlag: 'beta' }, preValidation: async (_request, reply) => reply.code(401).send({ own: true }) }, async () => 'ok')
    app.get('/open', { preValidation: async () => void ran.push('own hook') }, async () => 'ok')
    expect((await app.inject('/beta')).statusCode).toBe(404)
    expect((await app.inject('/open')).statusCode).toBe(200)
    expect(ran).toEqual(['own hook'])
    sluice.testing.setFlag({ key: 'beta' })
    expect((await app.inject('/beta')).statusCode).toBe(401)
  })

  it('refuses a route whose featureFlag is not a key', async () => {
    const sluice = sluiceWith({})
    const app = Fastify()
    apps.push(app)
    await app.register(sluice.fastify())
    expect(() => app.get('/x', { config: { featureFlag: 42 } as never }, async () => 'ok')).toThrow(/route GET \/x: config\.featureFlag must be a flag key, got 42/)
  })

  it('guards routes added while a registration that was not awaited is still pending', async () => {
    const sluice = sluiceWith({ flags: { beta: { userIds: ['in'] } } })
    const app = Fastify()
    apps.push(app)
    // As the README shows it: the plugin loads later, when the app boots.
    void app.register(sluice.fastify())
    app.get('/beta', { config: { featureFlag: 'beta' } }, async () => 'ok')
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'out' } })).statusCode).toBe(404)
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'in' } })).statusCode).toBe(200)
  })

  it('guards routes declared before the plugin', async () => {
    const sluice = sluiceWith({ flags: { beta: { userIds: ['in'] } } })
    const app = Fastify()
    apps.push(app)
    app.get('/beta', { config: { featureFlag: 'beta' } }, async () => 'ok')
    await app.register(sluice.fastify())
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'out' } })).statusCode).toBe(404)
    expect((await app.inject({ url: '/beta', headers: { 'x-user-id': 'in' } })).statusCode).toBe(200)
  })

  it('answers 500, never the route, when a route declared before the plugin has a featureFlag that is not a key', async () => {
    const sluice = sluiceWith({})
    const app = Fastify()
    apps.push(app)
    let ran = false
    app.get('/x', { config: { featureFlag: 42 } as never }, async () => {
      ran = true
      return 'ok'
    })
    await app.register(sluice.fastify())
    const answer = await app.inject('/x')
    expect(answer.statusCode).toBe(500)
    expect(answer.json().message).toMatch(/route GET \/x: config\.featureFlag must be a flag key, got 42/)
    expect(ran).toBe(false)
  })

  it('follows the live state of a streaming client', async () => {
    const fake = await startFake({ flags: [flag('beta', { enabled: false })] })
    const client = track(createClient({ url: fake.url, sdkKey: 'sdk_test_4f9c2e7b1a' }))
    await client.ready({ timeoutMs: 2000 })
    const app = Fastify()
    apps.push(app)
    await app.register(client.fastify())
    app.get('/beta', { config: { featureFlag: 'beta' } }, async () => 'ok')
    expect((await app.inject('/beta')).statusCode).toBe(404)
    const changed = new Promise((resolve) => client.once('change', resolve))
    fake.publish('flag.upserted', { ...flag('beta', { version: 2 }) })
    await changed
    expect((await app.inject('/beta')).statusCode).toBe(200)
  })
})

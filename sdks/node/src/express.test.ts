/** The Express middleware and route guard, on a real Express app listening on loopback. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type Express, type Request } from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import type { RequestFlags } from './express.js'
import { track } from './test-support/harness.js'
import { createOfflineClient, type OfflineClientOptions } from './testing.js'

const servers: Server[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function listen(app: Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function sluiceWith(options: OfflineClientOptions) {
  return track(createOfflineClient(options))
}

describe('client.requireFlag()', () => {
  it('answers 404 JSON while the flag is off and runs the route once it is on', async () => {
    const sluice = sluiceWith({ flags: { new_payment_flow: false } })
    const app = express()
    app.post('/pay', sluice.requireFlag('new_payment_flow'), (_req, res) => {
      res.json({ paid: true })
    })
    const url = await listen(app)

    const off = await fetch(`${url}/pay?x=1`, { method: 'POST' })
    expect(off.status).toBe(404)
    expect(off.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await off.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Route POST:/pay not found' })

    sluice.testing.setFlag({ key: 'new_payment_flow' })
    const on = await fetch(`${url}/pay`, { method: 'POST' })
    expect(on.status).toBe(200)
    expect(await on.json()).toEqual({ paid: true })
  })

  it('reads the user from x-user-id, or from req.user when auth set it', async () => {
    const sluice = sluiceWith({ flags: { beta: { userIds: ['u1'] } } })
    const app = express()
    app.get('/beta', sluice.requireFlag('beta'), (_req, res) => {
      res.send('ok')
    })
    app.get(
      '/authed',
      (req, _res, next) => {
        ;(req as Request & { user?: unknown }).user = { id: 'u1' }
        next()
      },
      sluice.requireFlag('beta'),
      (_req, res) => {
        res.send('ok')
      },
    )
    const url = await listen(app)
    expect((await fetch(`${url}/beta`, { headers: { 'x-user-id': 'u1' } })).status).toBe(200)
    expect((await fetch(`${url}/beta`, { headers: { 'x-user-id': 'u2' } })).status).toBe(404)
    expect((await fetch(`${url}/authed`, { headers: { 'x-user-id': 'u2' } })).status).toBe(200)
  })

  it('uses req.ip and x-session-id', async () => {
    const sluice = sluiceWith({ flags: { local: { ips: ['127.0.0.1', '::ffff:127.0.0.1'] }, sticky: { percentage: 100, stickiness: 'sessionId' } } })
    const app = express()
    app.get('/local', sluice.requireFlag('local'), (_req, res) => {
      res.send('ok')
    })
    app.get('/sticky', sluice.requireFlag('sticky'), (_req, res) => {
      res.send('ok')
    })
    const url = await listen(app)
    expect((await fetch(`${url}/local`)).status).toBe(200)
    expect((await fetch(`${url}/sticky`, { headers: { 'x-session-id': 's1' } })).status).toBe(200)
    expect((await fetch(`${url}/sticky`)).status).toBe(404)
  })

  it('uses a custom context function', async () => {
    const sluice = sluiceWith({ flags: { beta: { userIds: ['acme'] } } })
    const app = express()
    const byOrg = (req: Request) => ({ userId: req.get('x-org') ?? '' })
    app.get('/beta', sluice.requireFlag('beta', { context: byOrg }), (_req, res) => {
      res.send('ok')
    })
    const url = await listen(app)
    expect((await fetch(`${url}/beta`, { headers: { 'x-org': 'acme' } })).status).toBe(200)
    expect((await fetch(`${url}/beta`, { headers: { 'x-user-id': 'acme' } })).status).toBe(404)
  })

  it('hands a disabled request to onDisabled instead, e.g. to fall through to another route', async () => {
    const sluice = sluiceWith({ flags: { checkout_v2: false } })
    const app = express()
    app.get('/checkout', sluice.requireFlag('checkout_v2', { onDisabled: (_req, _res, next) => next('route') }), (_req, res) => {
      res.send('v2')
    })
    app.get('/checkout', (_req, res) => {
      res.send('v1')
    })
    const url = await listen(app)
    expect(await (await fetch(`${url}/checkout`)).text()).toBe('v1')
    sluice.testing.setFlag({ key: 'checkout_v2' })
    expect(await (await fetch(`${url}/checkout`)).text()).toBe('v2')
  })

  it('refuses a missing key at the door', () => {
    const sluice = sluiceWith({})
    expect(() => sluice.requireFlag('')).toThrow(/requireFlag\(key\) must be a flag key/)
    expect(() => sluice.requireFlag(undefined as never)).toThrow(/requireFlag\(key\) must be a flag key/)
  })
})

describe('client.express()', () => {
  it('gives each request its context and flags, computed once, and requireFlag reuses them', async () => {
    let calls = 0
    const sluice = sluiceWith({
      flags: { beta: { userIds: ['acme'] }, ab: { variants: [{ key: 'blue', weight: 1 }] } },
      context: (req) => {
        calls++
        return { userId: String(req.headers['x-org']) }
      },
    })
    const app = express()
    app.use(sluice.express())
    app.get('/beta', sluice.requireFlag('beta'), (req, res) => {
      const flags = (req as Request & { sluice: RequestFlags }).sluice
      res.json({ context: flags.context, beta: flags.isEnabled('beta'), ab: flags.variant('ab'), reason: flags.evaluate('missing').reason })
    })
    const url = await listen(app)
    const response = await fetch(`${url}/beta`, { headers: { 'x-org': 'acme' } })
    expect(await response.json()).toEqual({ context: { userId: 'acme' }, beta: true, ab: { key: 'blue' }, reason: 'not_found' })
    expect(calls).toBe(1)
    expect((await fetch(`${url}/beta`, { headers: { 'x-org': 'other' } })).status).toBe(404)
  })

  it('works as plain connect-style middleware on node:http', async () => {
    const sluice = sluiceWith({ flags: { beta: true } })
    const { createServer } = await import('node:http')
    const guard = sluice.requireFlag('beta')
    const attach = sluice.express()
    const server = createServer((req, res) => {
      attach(req, res, () => guard(req, res, () => res.end('ok')))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    expect(await (await fetch(url)).text()).toBe('ok')
    sluice.testing.setFlag({ key: 'beta', enabled: false })
    expect((await fetch(url)).status).toBe(404)
  })
})

/**
 * Who may call the deployment routes (docs/api.md, "Tokens and roles"), and the `deployer`
 * role's one permission: every operation in the published document but the status report
 * answers a deployer token 403.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

type Role = 'admin' | 'operator' | 'viewer' | 'sdk' | 'deployer'

const document = JSON.parse(await readFile(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>
}

const ID = '00000000-0000-4000-8000-000000000000'
const urlOf = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? ID : 'x'))

/** Each new operation and the roles it lets in; every other role gets 403. */
const MATRIX: Array<[method: string, path: string, allowed: Role[]]> = [
  ['POST', '/api/v1/admin/deployments', ['admin']],
  ['GET', '/api/v1/admin/deployments', ['admin', 'operator', 'viewer']],
  ['GET', `/api/v1/admin/deployments/${ID}`, ['admin', 'operator', 'viewer']],
  ['POST', `/api/v1/admin/deployments/${ID}/status`, ['admin', 'deployer']],
  ['POST', '/api/v1/admin/rollbacks/deployment', ['admin', 'operator']],
  ['POST', '/api/v1/admin/rollbacks/database-migration', ['admin', 'operator']],
  ['PUT', '/api/v1/admin/deployers/checkout', ['admin']],
  ['GET', '/api/v1/admin/deployers', ['admin', 'operator', 'viewer']],
  ['POST', '/api/v1/admin/deployers/checkout/test', ['admin']],
]
const ROLES: Role[] = ['admin', 'operator', 'viewer', 'sdk', 'deployer']

let t: TestApp
const tokens = {} as Record<Role, string>

beforeAll(async () => {
  t = await createTestApp()
  tokens.admin = t.config.adminToken!
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    tokens[role] = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: role, role } })).json().token
  }
})
afterAll(() => t.close())

describe('access to deployments', () => {
  for (const [method, url, allowed] of MATRIX) {
    it(`${method} ${url.replace(ID, ':id')}: ${allowed.join(', ')} may, the others get 403`, async () => {
      for (const role of ROLES) {
        // An empty body: roles that pass get a 400 or 404 from the route, and nothing changes.
        const res = await t.request({ method: method as 'GET', url, token: tokens[role], ...(method === 'GET' ? {} : { payload: {} }) })
        if (allowed.includes(role)) expect([401, 403], `${role}: ${res.body}`).not.toContain(res.statusCode)
        else expect(res.statusCode, `${role}: ${res.body}`).toBe(403)
      }
    })
  }

  it('lets a deployer token report a rollback status and call nothing else', async () => {
    const called: string[] = []
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op.security?.length === 0 || op.operationId === 'reportDeploymentStatus') continue
        const res = await t.request({ method: method.toUpperCase() as 'GET', url: urlOf(path), token: tokens.deployer, ...(method === 'get' ? {} : { payload: {} }) })
        if (res.statusCode !== 403) called.push(`${method.toUpperCase()} ${path}: ${res.statusCode}`)
      }
    }
    expect(called).toEqual([])
    const status = await t.request({ method: 'POST', url: `/api/v1/admin/deployments/${ID}/status`, token: tokens.deployer, payload: { status: 'rolled_back' } })
    expect(status.statusCode).toBe(404)
    expect(status.json().code).toBe('SLUICE_DEPLOYMENT_NOT_FOUND')
  })
})

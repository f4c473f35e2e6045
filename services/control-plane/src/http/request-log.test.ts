import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logSink } from '../test-support/log-sink.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

const sink = logSink()
let t: TestApp

beforeAll(async () => {
  t = await createTestApp({ logger: { level: 'info', stream: sink.stream } })
})
afterAll(() => t.close())

function refusalOf(requestId: string): Record<string, unknown> | undefined {
  return sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.reqId === requestId && l.msg === 'request refused')
}

describe('the log of a refused request', () => {
  it('carries the status, the error code and the message for a 401, a 409 and a validation failure', async () => {
    const unauthorized = await t.request({ method: 'GET', url: '/api/v1/admin/feature-flags', token: 'nope' })
    expect(refusalOf(unauthorized.headers['x-request-id'] as string)).toMatchObject({ level: 40, statusCode: 401, code: 'SLUICE_UNAUTHORIZED', reason: unauthorized.json().message })

    const flag = { key: 'logged', name: 'x', type: 'boolean' }
    await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: flag })
    const exists = await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: flag })
    expect(refusalOf(exists.headers['x-request-id'] as string)).toMatchObject({ statusCode: 409, code: 'SLUICE_FLAG_EXISTS', reason: 'a feature flag with key "logged" already exists' })

    const invalid = await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { ...flag, type: 'gradual' } })
    expect(refusalOf(invalid.headers['x-request-id'] as string)).toMatchObject({ statusCode: 400, code: 'SLUICE_VALIDATION', reason: expect.stringMatching(/^type: must be one of/) })
  })
})

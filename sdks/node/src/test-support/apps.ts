/**
 * Real Fastify and Express apps for middleware tests: Fastify is driven with `inject`, Express
 * listens on loopback. Both are closed after the test.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type Express } from 'express'
import Fastify, { type FastifyInstance } from 'fastify'
import { vi } from 'vitest'
import { onCleanup } from './harness.js'

export function fastifyApp(): FastifyInstance {
  const app = Fastify()
  onCleanup(() => app.close())
  return app
}

export function expressApp(): Express {
  return express()
}

/** Listens on a free loopback port; returns the base URL. */
export async function listen(app: Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  onCleanup(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(resolve)
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/**
 * Arms chaos for clients created from here on in this test, the way a chaos-testing
 * environment does (the SDK reads the variables when a client is created).
 */
export function armChaosEnvironment(nodeEnv = 'test'): void {
  vi.stubEnv('CHAOS_TESTING_ENABLED', 'true')
  vi.stubEnv('NODE_ENV', nodeEnv)
  onCleanup(() => vi.unstubAllEnvs())
}

/** A process without CHAOS_TESTING_ENABLED, whatever the one running the tests has. */
export function unsetChaosEnvironment(): void {
  vi.stubEnv('CHAOS_TESTING_ENABLED', undefined)
  onCleanup(() => vi.unstubAllEnvs())
}

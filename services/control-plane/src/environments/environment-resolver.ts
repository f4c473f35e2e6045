/**
 * The one way a route learns its environment: `await environmentOf(request)` reads
 * `?environment=` (absent = the token's own environment for an sdk token, else
 * DEFAULT_ENVIRONMENT), answers 404 `SLUICE_ENVIRONMENT_NOT_FOUND` for an unknown one and 403
 * `SLUICE_ENVIRONMENT_FORBIDDEN` for one the token may not use. The answer is kept on the
 * request, so calling it twice costs one lookup.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { EnvironmentScope, EnvironmentService } from './environment-service.js'
import type { EnvironmentView } from './environment-store.js'

declare module 'fastify' {
  interface FastifyInstance {
    environments: EnvironmentService
  }
  interface FastifyRequest {
    resolvedEnvironment?: EnvironmentView
  }
}

export function registerEnvironmentResolver(app: FastifyInstance, environments: EnvironmentService): void {
  app.decorate('environments', environments)
}

/** The environment's full record (e.g. `production` for the chaos guard). */
export async function environmentRecordOf(request: FastifyRequest): Promise<EnvironmentView> {
  if (!request.resolvedEnvironment) {
    const query = request.query as { environment?: string } | undefined
    request.resolvedEnvironment = await request.server.environments.resolve(query?.environment, request.principal as EnvironmentScope | undefined)
  }
  return request.resolvedEnvironment
}

/** The key of the environment the request addresses. */
export async function environmentOf(request: FastifyRequest): Promise<string> {
  return (await environmentRecordOf(request)).key
}

/**
 * The environment an SDK or client request reads. A bound token's own needs no lookup — it
 * cannot be deleted while a token names it — so /sdk/state and OFREP stay memory reads, even
 * during an outage. Other tokens (admin) name one with `?environment=`, resolved as above.
 */
export async function callerEnvironment(request: FastifyRequest): Promise<string> {
  const requested = (request.query as { environment?: string } | undefined)?.environment
  const bound = request.principal?.environment
  if (bound && (requested === undefined || requested === bound)) return bound
  return environmentOf(request)
}

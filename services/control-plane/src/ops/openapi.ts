import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { createRequire } from 'node:module'
import type { FastifyInstance } from 'fastify'
import type { OpenAPIV3_1 } from 'openapi-types'
import type { Config } from '../config.js'
import { correctDocument } from './openapi-corrections.js'

/** The service's own version (from src/ops and dist/ops alike, package.json is two folders up). */
export const API_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version

/** Sluice's name where Swagger UI would show Fastify's logo. */
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32"><text x="0" y="24" font-family="sans-serif" font-size="24" font-weight="700" fill="#ffffff">Sluice</text></svg>`

const TAGS = [
  { name: 'feature-flags', description: 'Flags: boolean, percentage rollout, user and IP targeting, A/B variants' },
  { name: 'canary-deployments', description: 'Ramp a flag with automatic analysis and rollback' },
  { name: 'rollbacks', description: 'Instant, audited rollbacks of flags and canaries; deployment and database-migration rollbacks through the deployers' },
  { name: 'deployments', description: 'Code deployments recorded by CI, linked to the canaries that guard them' },
  { name: 'deployers', description: "Each service's deployer: a signed webhook Sluice asks to redeploy or revert migrations" },
  { name: 'chaos', description: 'Fault-injection rules applied by the SDKs, never in production' },
  { name: 'sdk', description: 'What SDKs use: the change stream, the state snapshot, outcome reports' },
  { name: 'ofrep', description: 'OpenFeature Remote Evaluation Protocol: answers for one context, for browsers, apps and any OFREP provider' },
  { name: 'client', description: 'What browsers use besides OFREP: change notifications and canary outcomes' },
  { name: 'tokens', description: 'API tokens and their roles' },
  { name: 'audit', description: 'Who changed what, when' },
  { name: 'operations', description: 'Health, readiness, metrics and this document' },
]

/** The OpenAPI document is generated from the route schemas; `pnpm openapi` writes it to openapi/. */
export async function registerOpenApi(app: FastifyInstance, config: Pick<Config, 'host' | 'port'>): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sluice control plane',
        version: API_VERSION,
        description:
          'Feature flags, canary deployments, instant rollbacks and chaos rules, published to SDKs over Server-Sent Events. Every route except the operational ones needs `Authorization: Bearer <token>`; errors are `{ statusCode, error, code, message }` with a stable `code` (the enum of the Error schema) and a message naming the field as it was written.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`, description: 'This instance' }],
      tags: TAGS,
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (POST /api/v1/admin/api-tokens)' } },
      },
      security: [{ bearerAuth: [] }],
    },
    transformObject: (documentObject) =>
      'openapiObject' in documentObject ? correctDocument(documentObject.openapiObject as OpenAPIV3_1.Document) : documentObject.swaggerObject,
    refResolver: {
      // Shared schemas keep their $id as their component name instead of `def-0`.
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  })

  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' }
    })
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      logo: { type: 'image/svg+xml', content: Buffer.from(LOGO), href: '/docs' },
      theme: { title: 'Sluice API reference' },
    })
    docs.get('/openapi.json', { schema: { hide: true } }, async () => docs.swagger())
  })
}

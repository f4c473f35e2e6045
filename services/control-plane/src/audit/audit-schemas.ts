import { Type } from '@sinclair/typebox'
import { environmentKey } from '../schemas/environment-key.js'
import { AUTH_ERRORS, errors, Limit, ref, Timestamp, MAX_BIGSERIAL } from '../schemas/common.js'

export const AuditEntry = Type.Object(
  {
    id: Type.Integer({ description: 'Increasing; pass the last one as `before` for the next page' }),
    at: Timestamp,
    actor: Type.String({ description: 'The token name, or `system` for automatic actions' }),
    actorTokenId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    action: Type.String({ examples: ['flag.updated'] }),
    entityType: Type.String({ examples: ['feature_flag'] }),
    entityKey: Type.String({ examples: ['new_payment_flow'] }),
    environment: Type.Union([Type.String(), Type.Null()], { description: 'The environment the entity belongs to; null for global entities (tokens, environments)' }),
    before: Type.Unknown({ description: 'The entity before the change (null on creation)' }),
    after: Type.Unknown({ description: 'The entity after the change' }),
    requestId: Type.Union([Type.String(), Type.Null()], { description: 'The x-request-id of the request that made the change' }),
  },
  {
    $id: 'AuditEntry',
    title: 'AuditEntry',
    examples: [
      {
        id: 1842,
        at: '2026-11-25T14:31:07.412Z',
        actor: 'oncall-alice',
        actorTokenId: '9b2e4c1a-7f3d-4e8b-a6c5-0d1f2e3a4b5c',
        action: 'flag.updated',
        entityType: 'feature_flag',
        entityKey: 'new_payment_flow',
        environment: 'production',
        before: { key: 'new_payment_flow', enabled: true, percentage: 25, version: 4 },
        after: { key: 'new_payment_flow', enabled: true, percentage: 50, version: 5 },
        requestId: '2c8e6f0a-1b3d-4f5e-8a7c-9d0e1f2a3b4c',
      },
    ],
  },
)

export const auditSchemas = [AuditEntry]

export const listAuditRoute = {
  operationId: 'listAuditLog',
  summary: 'Read the audit log',
  description: 'Every mutation, newest first, with who made it, what changed and the request id.',
  tags: ['audit'],
  querystring: Type.Object({
    entityType: Type.Optional(Type.String({ minLength: 1, examples: ['feature_flag'] })),
    entityKey: Type.Optional(Type.String({ minLength: 1, examples: ['new_payment_flow'] })),
    actor: Type.Optional(Type.String({ minLength: 1, examples: ['oncall-alice'] })),
    action: Type.Optional(Type.String({ minLength: 1, examples: ['flag.updated'] })),
    environment: Type.Optional(environmentKey('Only entries about this environment; absent = every environment the token may see, and global entries')),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BIGSERIAL, description: 'Only entries with a smaller id (pagination)', examples: [1842] })),
    limit: Limit(100, 1000),
  }),
  response: { 200: Type.Array(ref(AuditEntry), { description: 'Entries, newest first' }), ...errors(400, ...AUTH_ERRORS, 404) },
}

/**
 * The phases of a deployment or database-migration rollback, shown on its rollback record: the
 * flags went off (ms), the deployer was asked, the deployer acknowledged (s). Kept apart from
 * deployment-schemas.ts because the rollback schema embeds it and the deployment routes answer
 * with rollbacks: one module each way would be an import cycle.
 */
import { Type, type Static } from '@sinclair/typebox'
import { StringEnum, Timestamp } from '../schemas/common.js'

export const ROLLBACK_ACTIONS = ['redeploy', 'revert_migrations'] as const
export const ACKNOWLEDGED_OUTCOMES = ['rolled_back', 'failed'] as const

export const RollbackPhasesSchema = Type.Object(
  {
    deploymentId: Type.String({ format: 'uuid' }),
    service: Type.String(),
    action: StringEnum(ROLLBACK_ACTIONS, { description: 'redeploy: go back to `version`; revert_migrations: revert `migrations`' }),
    version: Type.Union([Type.String(), Type.Null()], { description: 'The version the deployer is asked to redeploy' }),
    migrations: Type.Array(Type.String(), { description: 'The migrations the deployer is asked to revert, in the order given' }),
    state: StringEnum(['queued', 'asked', 'acknowledged', 'undeliverable'] as const, {
      description:
        'queued: not yet accepted by the deployer (no deployer configured yet, or retrying); asked: the deployer accepted the request; acknowledged: it reported the outcome; undeliverable: every attempt failed',
    }),
    flagsOffMs: Type.Number({ description: 'From the request to the linked flag and canary being off' }),
    requestedAt: Timestamp,
    askedAt: Type.Union([Timestamp, Type.Null()], { description: 'When the attempt the deployer accepted (with a 2xx) was sent' }),
    askedAfterSeconds: Type.Union([Type.Number(), Type.Null()]),
    deliveryAttempts: Type.Integer(),
    lastDeliveryError: Type.Union([Type.String(), Type.Null()]),
    acknowledgedAt: Type.Union([Timestamp, Type.Null()]),
    acknowledgedAfterSeconds: Type.Union([Type.Number(), Type.Null()], { description: 'From the request to the acknowledgement' }),
    outcome: Type.Union([StringEnum(ACKNOWLEDGED_OUTCOMES), Type.Null()]),
    detail: Type.Union([Type.String(), Type.Null()], { description: "The deployer's own words" }),
    overdue: Type.Boolean({ description: 'No acknowledgement within DEPLOYER_ACK_TIMEOUT_SECONDS of the request' }),
  },
  {
    $id: 'RollbackPhases',
    title: 'RollbackPhases',
    examples: [
      {
        deploymentId: '8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d',
        service: 'checkout-api',
        action: 'redeploy',
        version: '2026.12.02-1',
        migrations: [],
        state: 'acknowledged',
        flagsOffMs: 3.8,
        requestedAt: '2026-12-03T14:42:10.000Z',
        askedAt: '2026-12-03T14:42:10.120Z',
        askedAfterSeconds: 0.12,
        deliveryAttempts: 1,
        lastDeliveryError: null,
        acknowledgedAt: '2026-12-03T14:44:02.000Z',
        acknowledgedAfterSeconds: 112,
        outcome: 'rolled_back',
        detail: 'checkout-api 2026.12.02-1 running on 12/12 pods',
        overdue: false,
      },
    ],
  },
)
export type RollbackPhases = Static<typeof RollbackPhasesSchema>

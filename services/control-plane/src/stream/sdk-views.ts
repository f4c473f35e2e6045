/**
 * What an SDK may see of each entity: explicit projections, applied to the snapshot and to
 * every stream event. The change log and the admin API carry the whole objects; an `sdk`
 * token sits in every application process, so its payloads hold only what evaluation and
 * outcome reporting need — never a canary's webhook URL (often a Slack hook, a secret), its
 * analysis, or the history of why a chaos rule was disabled.
 *
 * A field is added here on purpose or not at all: copying an object wholesale would let the
 * next column added to the admin view reach every SDK unnoticed.
 */
import type { Flag } from '@sluice/core'
import type { CanaryView } from '../canaries/canary-schemas.js'
import { CANARY_UPSERTED } from '../canaries/canary-store.js'
import type { ChaosRuleView } from '../chaos/chaos-store.js'
import type { SegmentView } from '../segments/segment-store.js'

/** Evaluation reads these; `version` and `updatedAt` tell an SDK that a copy changed. */
export const SDK_FLAG_FIELDS = [
  'key',
  'name',
  'type',
  'enabled',
  'archived',
  'percentage',
  'groupId',
  'stickiness',
  'userIds',
  'ips',
  'variants',
  'rules',
  'dependencies',
  'version',
  'updatedAt',
] as const

/** Attribution of outcomes to the canary of a flag, and the ramp an SDK may show. */
export const SDK_CANARY_FIELDS = [
  'id',
  'featureKey',
  'ruleId',
  'version',
  'status',
  'percentage',
  'initialPercentage',
  'rollbackThreshold',
  'minSampleSize',
  'steps',
  'startedAt',
  'updatedAt',
  'endedAt',
] as const

/** What the SDK's chaos engine matches and injects. */
export const SDK_CHAOS_RULE_FIELDS = ['id', 'name', 'type', 'enabled', 'probability', 'target', 'config', 'expiresAt', 'version', 'updatedAt'] as const

/** What `rules` flags read of a segment they name. */
export const SDK_SEGMENT_FIELDS = ['key', 'constraints', 'version', 'updatedAt'] as const

export type SdkFlag = Pick<Flag, (typeof SDK_FLAG_FIELDS)[number]>
export type SdkCanary = Pick<CanaryView, (typeof SDK_CANARY_FIELDS)[number]>
export type SdkChaosRule = Pick<ChaosRuleView, (typeof SDK_CHAOS_RULE_FIELDS)[number]>
export type SdkSegment = Pick<SegmentView, (typeof SDK_SEGMENT_FIELDS)[number]>

function pick<T extends object, K extends keyof T>(source: T, fields: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>
  // Absent stays absent: a flag's optional fields are omitted, never null (DESIGN §5 shape).
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field]
  return out
}

export const sdkFlag = (flag: Flag): SdkFlag => pick(flag, SDK_FLAG_FIELDS)
export const sdkCanary = (canary: CanaryView): SdkCanary => pick(canary, SDK_CANARY_FIELDS)
export const sdkChaosRule = (rule: ChaosRuleView): SdkChaosRule => pick(rule, SDK_CHAOS_RULE_FIELDS)
export const sdkSegment = (segment: SegmentView): SdkSegment => pick(segment, SDK_SEGMENT_FIELDS)

/**
 * A change-log event's payload as the stream sends it, or undefined when the event is not
 * for SDKs (token and other internal events).
 */
export function sdkPayload(type: string, payload: unknown): object | undefined {
  switch (type) {
    case 'flag.upserted':
    case 'flag.archived':
      return sdkFlag(payload as Flag)
    case CANARY_UPSERTED:
      return sdkCanary(payload as CanaryView)
    case 'chaos.upserted':
      return sdkChaosRule(payload as ChaosRuleView)
    case 'chaos.deleted':
      return { id: (payload as { id: string }).id }
    case 'segment.upserted':
      return sdkSegment(payload as SegmentView)
    case 'segment.deleted':
      return { key: (payload as { key: string }).key }
    case 'deployment.upserted':
      return payload as object
    default:
      return undefined
  }
}

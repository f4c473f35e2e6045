import type { Flag, Segment, SegmentRules } from './types.js'

export const CANARY_STATUSES = ['running', 'paused', 'rolled_back', 'completed'] as const
export type CanaryStatus = (typeof CANARY_STATUSES)[number]

/** A canary as the stream carries it: what an SDK needs to attribute outcomes. */
export interface Canary {
  id: string
  featureKey: string
  /** The rule of a `rules` flag whose rollout this canary drives; absent when it drives the flag's percentage. */
  ruleId?: string
  version: string
  status: CanaryStatus
  percentage: number
  initialPercentage: number
  rollbackThreshold: number
  minSampleSize: number
  steps: number[]
  startedAt: string
  updatedAt: string
  endedAt?: string | null
}

export const CHAOS_TYPES = [
  'latency',
  'error',
  'timeout',
  'database_failure',
  'redis_failure',
  'random_failure',
] as const
export type ChaosType = (typeof CHAOS_TYPES)[number]

/** Halt a rule when this flag's canary is rolled back automatically. */
export interface ChaosStopOn {
  flagKey: string
}

export interface ChaosRule {
  id: string
  name: string
  type: ChaosType
  enabled: boolean
  /** 0–100 with up to two decimals. */
  probability: number
  /** A route to match: exact path, prefix or glob, optionally preceded by a method. Null = every route. */
  target?: string | null
  config: Record<string, unknown>
  expiresAt?: string | null
  stopOn?: ChaosStopOn | null
  /** Why the service disabled the rule (halt, expiry, a canary rollback, an environment without chaos); null otherwise. */
  disabledReason?: string | null
  version: number
  createdAt: string
  updatedAt: string
}

/**
 * A flag as the SDK state and stream carry it: what evaluation reads, with `name`, `version`
 * and `updatedAt`. The service leaves out what only its admin API shows.
 */
export type SdkFlag = Omit<Flag, 'description' | 'createdAt'>

/** A chaos rule as the SDK state and stream carry it: what the SDK's chaos engine matches and injects. */
export type SdkChaosRule = Omit<ChaosRule, 'stopOn' | 'disabledReason' | 'createdAt'>

/** A segment as the SDK state and stream carry it: the constraints `rules` flags read. */
export type SdkSegment = SegmentRules & Pick<Segment, 'version' | 'updatedAt'>

/** The whole state an SDK needs, as of change-log position `seq`. */
export interface Snapshot {
  seq: number
  /** The environment the state is of (the token's); absent from a service older than environments, or a hand-written bootstrap. */
  environment?: string
  flags: SdkFlag[]
  canaries: Canary[]
  chaosRules: SdkChaosRule[]
  /** Absent in snapshots from a service older than segments. */
  segments?: SdkSegment[]
}

export const STREAM_EVENT_TYPES = [
  'flag.upserted',
  'flag.archived',
  'canary.upserted',
  'chaos.upserted',
  'chaos.deleted',
  'segment.upserted',
  'segment.deleted',
] as const
export type StreamEventType = (typeof STREAM_EVENT_TYPES)[number]

/** One change as streamed: the whole new object plus its position, so applying it twice is harmless. */
export type StreamEvent =
  | { type: 'flag.upserted' | 'flag.archived'; seq: number; data: Flag }
  | { type: 'canary.upserted'; seq: number; data: Canary }
  | { type: 'chaos.upserted'; seq: number; data: ChaosRule }
  | { type: 'chaos.deleted'; seq: number; data: { id: string } }
  | { type: 'segment.upserted'; seq: number; data: Segment }
  | { type: 'segment.deleted'; seq: number; data: { key: string } }

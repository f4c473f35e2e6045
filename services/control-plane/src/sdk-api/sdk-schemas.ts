import {
  LATENCY_BUCKET_COUNT,
  MAX_ITEM_REQUESTS,
  MAX_LATENCY_MS,
  MAX_OUTCOME_BATCH_ITEMS,
  SKETCH_INDEX_PATTERN,
  SKETCH_MAX_BUCKETS,
  SKETCH_RELATIVE_ACCURACY,
} from '@sluice/core'
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox'
import { AUTH_ERRORS, errors, ref, StringEnum, ConditionalHeaders, withHeaders, ETAG_HEADER, NotModified, described } from '../schemas/common.js'
import { CANARY_EXAMPLE, CanarySchema } from '../canaries/canary-schemas.js'
import { ChaosRule } from '../chaos/chaos-schemas.js'
import { Flag, FLAG_EXAMPLE, FlagKey } from '../flags/flag-schemas.js'
import { SegmentSchema } from '../segments/segment-schemas.js'
import { OUTCOME_BATCH_KEY_HOURS } from '../canaries/outcome-batch-store.js'
import { EnvironmentQuery } from '../environments/environment-schemas.js'
import { environmentKey } from '../schemas/environment-key.js'
import { SDK_CANARY_FIELDS, SDK_CHAOS_RULE_FIELDS, SDK_FLAG_FIELDS, SDK_SEGMENT_FIELDS } from '../stream/sdk-views.js'

/** The SDK view's fields of an admin schema (stream/sdk-views.ts decides which), for the document. */
function sdkView(schema: TObject, fields: readonly string[], $id: string, description: string, example: Record<string, unknown>) {
  const properties: TProperties = {}
  for (const field of fields) properties[field] = schema.properties[field]!
  const picked = Object.fromEntries(fields.filter((f) => example[f] !== undefined).map((f) => [f, example[f]]))
  return Type.Object(properties, { $id, title: $id, description, examples: [picked] })
}

export const SdkFlag = sdkView(Flag, SDK_FLAG_FIELDS, 'SdkFlag', 'A flag as SDKs see it: what evaluation reads', FLAG_EXAMPLE)
export const SdkCanary = sdkView(
  CanarySchema,
  SDK_CANARY_FIELDS,
  'SdkCanary',
  'A canary as SDKs see it: what attributing outcomes needs (no webhook URL, no analysis)',
  CANARY_EXAMPLE,
)
export const SdkChaosRule = sdkView(
  ChaosRule,
  SDK_CHAOS_RULE_FIELDS,
  'SdkChaosRule',
  'A chaos rule as SDKs see it: what injecting needs',
  (ChaosRule.examples as Array<Record<string, unknown>>)[0]!,
)

export const SdkSegment = sdkView(
  SegmentSchema,
  SDK_SEGMENT_FIELDS,
  'SdkSegment',
  'A segment as SDKs see it: the constraints `rules` flags reference by key',
  (SegmentSchema.examples as Array<Record<string, unknown>>)[0]!,
)

export const SnapshotSchema = Type.Object(
  {
    seq: Type.Integer({
      description: "The change-log position this state is at (the last change to its environment); the SSE event id. Seqs are global: changes to other environments take seqs this stream never sends",
    }),
    environment: environmentKey("The environment this state is of: an sdk token's own, or `?environment=` for an admin token"),
    flags: Type.Array(ref(SdkFlag), { description: 'Every flag, archived ones included (they evaluate off)' }),
    canaries: Type.Array(ref(SdkCanary), { description: 'Active canaries (running or paused)' }),
    chaosRules: Type.Array(ref(SdkChaosRule), { description: 'Every chaos rule' }),
    segments: Type.Array(ref(SdkSegment), { description: 'Every segment; `rules` flags name them by key' }),
  },
  {
    $id: 'Snapshot',
    title: 'Snapshot',
    examples: [{ seq: 1842, environment: 'production', flags: [SdkFlag.examples[0]], canaries: [SdkCanary.examples[0]], chaosRules: [], segments: [SdkSegment.examples[0]] }],
  },
)

export const sdkSchemas = [SdkFlag, SdkCanary, SdkChaosRule, SdkSegment, SnapshotSchema]

const tags = ['sdk']

const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:-]{1,128}$'

const STREAM_EXAMPLE = [
  'retry: 2000',
  '',
  'event: snapshot',
  'id: 1842',
  'data: {"seq":1842,"environment":"production","flags":[],"canaries":[],"chaosRules":[],"segments":[]}',
  '',
  'event: flag.upserted',
  'id: 1843',
  'data: {"seq":1843,"key":"new_payment_flow","enabled":false,"version":5}',
  '',
  ': ping',
  '',
  '',
].join('\n')

export const streamRoute = {
  operationId: 'streamChanges',
  summary: 'Stream every change (Server-Sent Events)',
  description: [
    'Answers `text/event-stream`. First a `retry:` hint, then `event: snapshot` (`id:` its seq, `data:` a Snapshot), then one event per change in seq order: `flag.upserted`, `flag.archived`, `canary.upserted`, `chaos.upserted`, `chaos.deleted`, `segment.upserted`, `segment.deleted` (`data: { seq, key }`) (the list may grow; ignore unknown names), each with `id: <seq>` and `data: { seq, ...the whole object }`.',
    "One environment per stream: an sdk token's own (a token is bound to one environment), or `?environment=` for an admin token (absent = DEFAULT_ENVIRONMENT). A change in another environment is never sent; its seq is simply skipped, so seqs on a stream have gaps and a Last-Event-ID resume stays exact.",
    'Event data are SDK views (SdkFlag, SdkCanary, SdkChaosRule, SdkSegment): only what evaluation and outcome reporting need.',
    'A `: ping` comment comes at least every 15 s. Send `Last-Event-ID: <seq>` to resume: the events after it are replayed, or a fresh snapshot is sent when they are no longer retained. A Last-Event-ID this replica has not reached yet waits up to 2 s for it, so a resumed stream never goes back in time.',
    'Open streams are limited per token and per replica (STREAM_MAX_PER_TOKEN, STREAM_MAX_PER_REPLICA); beyond either, 429 with Retry-After and a message naming the limit.',
  ].join('\n\n'),
  tags,
  querystring: EnvironmentQuery,
  headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ description: 'The id of the last event received', examples: ['1843'] })) }),
  response: {
    // Only the stream itself is text/event-stream; a refusal (401, 403, 429) is a JSON error.
    200: {
      description: 'An endless text/event-stream',
      content: { 'text/event-stream': { schema: Type.String({ examples: [STREAM_EXAMPLE] }) } },
    },
    ...errors(400, ...AUTH_ERRORS, 404, 429),
  },
}

export const stateRoute = {
  operationId: 'getSdkState',
  summary: 'The whole state as JSON',
  description: [
    "One environment's state (an sdk token's own; `?environment=` for an admin token). The same snapshot the stream starts with, for cold starts and pollers, served from the replica's memory (no database read). The ETag is the seq; If-None-Match answers 304.",
    'Read-after-write: a replica serves the state its change feed has reached, which may trail the newest write by milliseconds. A client that has seen seq N sends `minSeq=N` (or an If-None-Match naming N) and the request waits up to 2 s for this replica to reach N; if it cannot, 503 with Retry-After (another replica may have it), never an older state.',
  ].join('\n\n'),
  tags,
  headers: ConditionalHeaders,
  querystring: Type.Object({
    ...EnvironmentQuery.properties,
    minSeq: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Answer with a state at this seq or later (waits up to 2 s for it)', examples: [1843] }),
    ),
  }),
  response: {
    200: withHeaders(described(ref(SnapshotSchema), 'The whole state at `seq`'), ETAG_HEADER),
    304: NotModified,
    ...errors(400, ...AUTH_ERRORS, 404, 503),
  },
}

export const OutcomeItem = Type.Object(
  {
    flagKey: FlagKey,
    side: StringEnum(['canary', 'baseline'] as const, { description: 'canary: the flag evaluated on for the request; baseline: off' }),
    requests: Type.Integer({ minimum: 0, maximum: MAX_ITEM_REQUESTS }),
    errors: Type.Integer({ minimum: 0, maximum: MAX_ITEM_REQUESTS, description: 'At most `requests`' }),
    latencyMsSum: Type.Number({
      minimum: 0,
      maximum: MAX_ITEM_REQUESTS * MAX_LATENCY_MS,
      description: `At most \`requests\` × ${MAX_LATENCY_MS} (an hour per request; SDKs clamp longer latencies to an hour)`,
    }),
    latencySketch: Type.Optional(
      Type.Record(Type.String({ pattern: SKETCH_INDEX_PATTERN }), Type.Integer({ minimum: 0, maximum: MAX_ITEM_REQUESTS }), {
        maxProperties: SKETCH_MAX_BUCKETS,
        additionalProperties: false,
        description: `Latencies as @sluice/core's sketch: bucket index → count, together at most \`requests\`. Bucket i holds latencies in (γ^(i−1), γ^i] ms with γ = (1 + α)/(1 − α), α = ${SKETCH_RELATIVE_ACCURACY}, so every quantile read from it is within ${SKETCH_RELATIVE_ACCURACY * 100}% of the true one; indices run from ⌈log_γ 0.001⌉ to ⌈log_γ ${MAX_LATENCY_MS}⌉`,
        examples: [{ '134': 40, '135': 71, '136': 9 }],
      }),
    ),
    latencyBuckets: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: MAX_ITEM_REQUESTS }), {
        minItems: LATENCY_BUCKET_COUNT,
        maxItems: LATENCY_BUCKET_COUNT,
        deprecated: true,
        description: 'Deprecated: what SDKs sent before `latencySketch`, still accepted. Counts per latency bucket (bounds 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 ms, then slower), together at most `requests`; the service spreads each count evenly over its bucket',
      }),
    ),
    canaryId: Type.Optional(Type.String({ format: 'uuid', description: 'The canary the SDK attributed these to; outcomes for another canary are ignored' })),
  },
  { additionalProperties: false },
)

const ChaosReport = Type.Object(
  {
    ruleId: Type.String({ format: 'uuid' }),
    injected: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Faults injected under this rule since the last report' }),
  },
  { additionalProperties: false },
)

export const OutcomesBody = Type.Object(
  {
    items: Type.Array(OutcomeItem, { maxItems: MAX_OUTCOME_BATCH_ITEMS }),
    chaos: Type.Optional(Type.Array(ChaosReport, { maxItems: MAX_OUTCOME_BATCH_ITEMS, description: 'Chaos faults the SDK injected since its last report' })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        items: [
          { flagKey: 'new_payment_flow', side: 'canary', requests: 120, errors: 1, latencyMsSum: 14_400 },
          { flagKey: 'new_payment_flow', side: 'baseline', requests: 1080, errors: 6, latencyMsSum: 118_800 },
        ],
      },
    ],
  },
)
export type OutcomesInput = Static<typeof OutcomesBody>

const OutcomesHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: IDEMPOTENCY_KEY_PATTERN,
      description: `The batch's key, the same on every retry of it (e.g. a UUID; 1 to 128 letters, digits and \`._:-\`). A batch whose key this token committed in the last ${OUTCOME_BATCH_KEY_HOURS} hours is answered 202 again, with its first answer, and not counted twice`,
      examples: ['5b7f2c1e-8d0a-4c39-9f6e-2a41d3b8e0c7'],
    }),
  ),
})

export const outcomesRoute = {
  operationId: 'reportOutcomes',
  summary: 'Report canary request outcomes',
  description: `SDKs aggregate outcomes per flag and side and flush them about once a second. Counts are added atomically; outcomes for flags without an active canary are ignored. With an \`Idempotency-Key\`, a batch sent again after its answer was lost is counted once (keys are kept ${OUTCOME_BATCH_KEY_HOURS} hours).`,
  tags,
  headers: OutcomesHeaders,
  body: OutcomesBody,
  response: {
    202: withHeaders(Type.Object({ accepted: Type.Integer(), ignored: Type.Integer() }, { description: 'Counted (or, for a replayed key, counted before)', examples: [{ accepted: 2, ignored: 0 }] }), {
      'idempotent-replayed': { type: 'string', description: '`true` when the Idempotency-Key was committed before: the answer is the first one, nothing was counted now' },
    }),
    ...errors(400, ...AUTH_ERRORS, 413),
  },
}

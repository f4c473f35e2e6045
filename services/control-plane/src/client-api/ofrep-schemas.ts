/**
 * OFREP's request and response shapes (open-feature/protocol, service/openapi.yaml, v0.3.0),
 * so the official OFREP providers work against Sluice unchanged. Two deliberate readings:
 * `context.targetingKey` is optional (an anonymous page still gets the flags that need no
 * identity; a flag that needs one answers TARGETING_KEY_MISSING on its own), and a 401, 403 or
 * 429, for which OFREP defines no body, carries the service's usual error body.
 */
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, ConditionalHeaders, described, ErrorResponse, ETAG_HEADER, errors, NotModified, ref, StringEnum, withHeaders } from '../schemas/common.js'
import { EnvironmentQuery } from '../environments/environment-schemas.js'
import { FlagKey } from '../flags/flag-schemas.js'
import { pathParams } from '../http/path-params.js'
import { REASONS } from '@sluice/core'

const tags = ['ofrep']

/** A context carries a few dozen attributes; this bounds the work one request can ask for. */
const MAX_CONTEXT_FIELDS = 100

const Context = Type.Object(
  {
    targetingKey: Type.Optional(Type.String({ maxLength: 1024, description: "The subject's id: Sluice's userId" })),
  },
  {
    additionalProperties: true,
    maxProperties: MAX_CONTEXT_FIELDS,
    description:
      "OpenFeature's evaluation context. `targetingKey` is the userId; `sessionId`, `ip`, `appName`, `environment` and `currentTime` are read as themselves; every other string, number or boolean is an attribute rules can constrain",
    examples: [{ targetingKey: 'user-42', plan: 'pro', country: 'NL' }],
  },
)

const EvaluationRequest = Type.Object(
  { context: Context },
  { description: 'The context to evaluate for', examples: [{ context: { targetingKey: 'user-42', plan: 'pro' } }] },
)

const OFREP_REASONS = ['STATIC', 'TARGETING_MATCH', 'SPLIT', 'DISABLED', 'UNKNOWN'] as const

const FlagMetadata = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether the flag is on for this context' }),
    sluiceReason: StringEnum(REASONS, { description: "The engine's own reason, finer than OFREP's" }),
  },
  { description: 'What Sluice adds: the on/off answer and its reason' },
)

const EvaluationSuccess = Type.Object(
  {
    key: FlagKey,
    reason: StringEnum(OFREP_REASONS),
    variant: Type.Optional(Type.String({ description: 'The variant the flag handed out; absent for a flag without variants' })),
    value: Type.Optional(
      Type.Unknown({
        description:
          "A flag without variants: true or false. A flag with variants that is on: its variant's payload, or the variant key when it has none. A flag with variants that is off: absent, so the caller's default is used",
      }),
    ),
    metadata: FlagMetadata,
  },
  { description: 'An answer', examples: [{ key: 'checkout_redesign', reason: 'SPLIT', variant: 'blue', value: { color: '#1d4ed8' }, metadata: { enabled: true, sluiceReason: 'rollout' } }] },
)

const FLAG_ERROR_CODES = ['FLAG_NOT_FOUND', 'PARSE_ERROR', 'TARGETING_KEY_MISSING', 'INVALID_CONTEXT', 'GENERAL'] as const

const EvaluationFailure = Type.Object(
  {
    key: FlagKey,
    errorCode: StringEnum(FLAG_ERROR_CODES),
    errorDetails: Type.String({ description: 'What went wrong, naming the flag or the field' }),
    metadata: Type.Optional(FlagMetadata),
  },
  {
    description: 'A flag that could not be answered for this context',
    examples: [{ key: 'new_payment_flow', errorCode: 'TARGETING_KEY_MISSING', errorDetails: 'flag "new_payment_flow" is a percentage rollout: send a targetingKey (or a sessionId) so the answer is the same on every call' }],
  },
)

const RequestFailure = Type.Object(
  { errorCode: StringEnum(['PARSE_ERROR', 'INVALID_CONTEXT', 'GENERAL'] as const), errorDetails: Type.String() },
  { description: 'The request as a whole could not be evaluated', examples: [{ errorCode: 'INVALID_CONTEXT', errorDetails: 'context: must be object' }] },
)

/** 429: more than CLIENT_RATE_LIMIT requests a minute from one client token and address. */
const refusals = errors(...AUTH_ERRORS, 404, 429)

export const evaluateFlagRoute = {
  operationId: 'ofrepEvaluateFlag',
  summary: 'OFREP: evaluate one flag',
  description:
    "OpenFeature Remote Evaluation Protocol, single evaluation: the answer for one flag and one context, computed by @sluice/core from this replica's memory. A client or sdk token evaluates in its own environment; an admin token in `?environment=` (default DEFAULT_ENVIRONMENT). Unknown flags answer 404 FLAG_NOT_FOUND; a flag that needs an identity the context lacks 400 TARGETING_KEY_MISSING; a body that is not JSON 400 PARSE_ERROR; a context that is not an object 400 INVALID_CONTEXT.",
  tags,
  params: pathParams({ key: FlagKey }),
  querystring: EnvironmentQuery,
  body: EvaluationRequest,
  response: {
    200: described(EvaluationSuccess, 'The answer'),
    400: Type.Union([EvaluationFailure, ref(ErrorResponse)], {
      examples: [{ key: 'new_payment_flow', errorCode: 'TARGETING_KEY_MISSING', errorDetails: 'flag "new_payment_flow" is a percentage rollout: send a targetingKey (or a sessionId) so the answer is the same on every call' }],
      description:
        "The flag cannot be answered for this context (TARGETING_KEY_MISSING; GENERAL for a definition the engine cannot evaluate), the body is not JSON (PARSE_ERROR), or its context is not an object (INVALID_CONTEXT); a bad path parameter gets the service's usual error",
    }),
    ...refusals,
    404: Type.Object({ key: FlagKey, errorCode: StringEnum(['FLAG_NOT_FOUND'] as const), errorDetails: Type.String() }, {
      description: 'No flag with this key in the environment',
      examples: [{ key: 'no_such_flag', errorCode: 'FLAG_NOT_FOUND', errorDetails: 'flag "no_such_flag" was not found in environment "production"' }],
    }),
  },
}

export const evaluateFlagsRoute = {
  operationId: 'ofrepEvaluateFlags',
  summary: 'OFREP: evaluate every flag',
  description:
    "OpenFeature Remote Evaluation Protocol, bulk evaluation: every flag of the environment (archived ones left out) for one context, what a browser or app caches. The ETag names the environment's state and the context: send it back in If-None-Match and the answer is 304 until either changes. GET /api/v1/client/stream says when to ask again.",
  tags,
  querystring: Type.Object({
    ...EnvironmentQuery.properties,
    flagConfigEtag: Type.Optional(Type.String({ maxLength: 256, examples: ['"1842-Zx3pQe0bH2rW9yT5uV1aKc"'], description: 'OFREP event-stream metadata; accepted and not needed: the ETag already names the state' })),
    flagConfigLastModified: Type.Optional(Type.String({ maxLength: 64, examples: ['1771622898'], description: 'OFREP event-stream metadata; accepted and not needed' })),
  }),
  headers: ConditionalHeaders,
  body: EvaluationRequest,
  response: {
    200: withHeaders(
      Type.Object(
        {
          flags: Type.Array(Type.Union([EvaluationSuccess, EvaluationFailure])),
          metadata: Type.Object({ environment: Type.String(), seq: Type.Integer() }, { description: 'The environment answered for, and the change-log seq of its state' }),
        },
        {
          description: 'Every flag, answered',
          examples: [
            {
              flags: [
                { key: 'dark_mode', reason: 'STATIC', value: true, metadata: { enabled: true, sluiceReason: 'default' } },
                { key: 'checkout_redesign', reason: 'SPLIT', variant: 'blue', value: { color: '#1d4ed8' }, metadata: { enabled: true, sluiceReason: 'rollout' } },
              ],
              metadata: { environment: 'production', seq: 1842 },
            },
          ],
        },
      ),
      ETAG_HEADER,
    ),
    304: NotModified,
    400: Type.Union([RequestFailure, ref(ErrorResponse)], { examples: [{ errorCode: 'INVALID_CONTEXT', errorDetails: 'context: must be object' }], description: "The body is not JSON (PARSE_ERROR) or its context not an object (INVALID_CONTEXT); a bad query parameter gets the service's usual error" }),
    ...refusals,
  },
}

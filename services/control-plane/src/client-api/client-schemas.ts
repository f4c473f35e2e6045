import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, errors } from '../schemas/common.js'
import { OutcomeItem } from '../sdk-api/sdk-schemas.js'
import { EnvironmentQuery } from '../environments/environment-schemas.js'

const tags = ['client']

/** Where sendBeacon, which cannot send headers, puts the client token. */
const ClientKeyQuery = Type.Object({
  ...EnvironmentQuery.properties,
  clientKey: Type.Optional(Type.String({ maxLength: 256, examples: ['sluice_client_Qm9vZ2xlIGRvZXMgbm90IGtub3cgdGhpcyB0b2tlbg'], description: 'The client token, for callers that cannot send Authorization (navigator.sendBeacon); a header is preferred' })),
})

const STREAM_EXAMPLE = ['retry: 2000', '', 'id: 1842', 'data: {"type":"refetchEvaluation","seq":1842}', '', ': ping', '', 'id: 1847', 'data: {"type":"refetchEvaluation","seq":1847}', '', ''].join('\n')

export const clientStreamRoute = {
  operationId: 'streamClientChanges',
  summary: 'Client change notifications (Server-Sent Events)',
  description: [
    "Answers `text/event-stream` for the token's environment: a `retry:` hint, then one event with the current seq, then one per change to the environment, each `id: <seq>` and `data: {\"type\":\"refetchEvaluation\",\"seq\":N}` (OFREP's change notification). Never rules or answers: on an event, re-fetch POST /ofrep/v1/evaluate/flags with your ETag (it answers 304 when your flags did not change).",
    'A `: ping` comment comes at least every 15 s. Client streams count against STREAM_MAX_PER_REPLICA with the SDK streams; beyond it, 429 with Retry-After.',
  ].join('\n\n'),
  tags,
  querystring: ClientKeyQuery,
  response: {
    200: { description: 'An endless text/event-stream', content: { 'text/event-stream': { schema: Type.String({ examples: [STREAM_EXAMPLE] }) } } },
    ...errors(400, ...AUTH_ERRORS, 429),
  },
}

export const ClientOutcomesBody = Type.Object(
  { items: Type.Array(OutcomeItem, { maxItems: 1000 }) },
  {
    additionalProperties: false,
    examples: [
      {
        items: [
          { flagKey: 'checkout_redesign', side: 'canary', requests: 40, errors: 3, latencyMsSum: 5_200 },
          { flagKey: 'checkout_redesign', side: 'baseline', requests: 410, errors: 2, latencyMsSum: 49_000 },
        ],
      },
    ],
  },
)

export const clientOutcomesRoute = {
  operationId: 'reportClientOutcomes',
  summary: 'Report canary outcomes from browsers',
  description:
    "The same items as POST /api/v1/sdk/outcomes, counted against the canaries of the token's environment: a page reports, per flag and side, how many views or actions it saw and how many failed (JS errors, failed API calls). Also takes `Content-Type: text/plain` with a JSON body and the token in `?clientKey=`, which is what navigator.sendBeacon can send when a page is hidden.",
  tags,
  querystring: ClientKeyQuery,
  body: ClientOutcomesBody,
  response: {
    202: Type.Object({ accepted: Type.Integer(), ignored: Type.Integer() }, { description: 'Counted', examples: [{ accepted: 2, ignored: 0 }] }),
    ...errors(400, ...AUTH_ERRORS, 413, 429),
  },
}

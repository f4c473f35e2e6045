import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, errors, ref } from '../schemas/common.js'
import { Flag } from '../flags/flag-schemas.js'

export const SnapshotSchema = Type.Object(
  {
    seq: Type.Integer({ description: 'The change-log position this state is at; the SSE event id' }),
    flags: Type.Array(ref(Flag), { description: 'Every flag, archived ones included (they evaluate off)' }),
    canaries: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'Active canaries (running or paused)' }),
    chaosRules: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'Every chaos rule' }),
  },
  { $id: 'Snapshot', title: 'Snapshot' },
)

export const sdkSchemas = [SnapshotSchema]

const tags = ['sdk']

export const streamRoute = {
  operationId: 'streamChanges',
  summary: 'Stream every change (Server-Sent Events)',
  description: [
    'Answers `text/event-stream`. First a `retry:` hint, then `event: snapshot` (`id:` its seq, `data:` a Snapshot), then one event per change in seq order: `flag.upserted`, `flag.archived`, `canary.upserted`, `chaos.upserted`, `chaos.deleted` (the list may grow; ignore unknown names), each with `id: <seq>` and `data: { seq, ...the whole object }`.',
    'A `: ping` comment comes at least every 15 s. Send `Last-Event-ID: <seq>` to resume: the events after it are replayed, or a fresh snapshot is sent when they are no longer retained.',
  ].join('\n\n'),
  tags,
  produces: ['text/event-stream'],
  headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ description: 'The id of the last event received' })) }),
  response: {
    200: Type.String({ description: 'An endless text/event-stream' }),
    ...errors(...AUTH_ERRORS, 429),
  },
}

export const stateRoute = {
  operationId: 'getSdkState',
  summary: 'The whole state as JSON',
  description: 'The same snapshot the stream starts with, for cold starts and pollers. The ETag is the seq; If-None-Match answers 304.',
  tags,
  response: { 200: ref(SnapshotSchema), 304: Type.Null({ description: 'Not modified' }), ...errors(...AUTH_ERRORS) },
}

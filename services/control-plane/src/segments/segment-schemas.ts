import { Type, type Static } from '@sinclair/typebox'
import { Constraints, KEY_PATTERN } from '../rules/rule-schemas.js'
import { AUTH_ERRORS, errors, ref, Timestamp, ConditionalHeaders, withHeaders, ETAG_HEADER, LOCATION_HEADER, NotModified, described, IfMatchHeaders, NoContent } from '../schemas/common.js'
import { pathParams } from '../http/path-params.js'

import { EnvironmentKey, EnvironmentQuery } from '../environments/environment-schemas.js'

export const SegmentKey = Type.String({ pattern: KEY_PATTERN, description: 'As flag keys: letters, digits, `_`, `.`, `-` and `~`, at most 128; case-sensitive', maxLength: 128, examples: ['eu-countries'] })
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['EU countries'] })
const Description = Type.String({ maxLength: 2000 })

export const SEGMENT_EXAMPLE = {
  key: 'eu-countries',
  environment: 'production',
  name: 'EU countries',
  constraints: [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR', 'NL'] }],
  version: 2,
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-25T14:30:00.000Z',
}

export const SegmentSchema = Type.Object(
  {
    key: SegmentKey,
    environment: EnvironmentKey,
    name: Type.String(),
    description: Type.Optional(Type.String()),
    constraints: Constraints,
    version: Type.Integer({ minimum: 1, description: 'Bumped by every change; send it back in If-Match to update safely' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Segment', title: 'Segment', examples: [SEGMENT_EXAMPLE] },
)

export const CreateSegmentBody = Type.Object(
  { key: SegmentKey, name: Name, description: Type.Optional(Description), constraints: Constraints },
  { additionalProperties: false, examples: [{ key: 'eu-countries', name: 'EU countries', constraints: SEGMENT_EXAMPLE.constraints }] },
)
export type CreateSegmentInput = Static<typeof CreateSegmentBody>

export const UpdateSegmentBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Type.Union([Description, Type.Null()])),
    constraints: Type.Optional(Constraints),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Only the fields to change; null clears the description. Every flag that names the segment sees the change at once.',
    examples: [{ constraints: [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR', 'NL', 'BE'] }] }],
  },
)
export type UpdateSegmentInput = Static<typeof UpdateSegmentBody>

export const segmentSchemas = [SegmentSchema]

const KeyParams = pathParams({ key: SegmentKey })
const tags = ['segments']

export const listSegmentsRoute = {
  operationId: 'listSegments',
  summary: 'List segments',
  tags,
  querystring: EnvironmentQuery,
  response: { 200: Type.Array(ref(SegmentSchema), { description: "The environment's segments, by key" }), ...errors(...AUTH_ERRORS, 404) },
}

export const createSegmentRoute = {
  operationId: 'createSegment',
  summary: 'Create a segment',
  description: 'A named list of constraints that rules of `rules` flags reuse by key. Constraint values are checked as they are for flags (400 naming the field).',
  tags,
  querystring: EnvironmentQuery,
  body: CreateSegmentBody,
  response: { 201: withHeaders(described(ref(SegmentSchema), 'Created, at version 1'), { ...ETAG_HEADER, ...LOCATION_HEADER }), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const getSegmentRoute = {
  operationId: 'getSegment',
  summary: 'Get a segment',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  headers: ConditionalHeaders,
  response: { 200: withHeaders(described(ref(SegmentSchema), 'The segment as it is now'), ETAG_HEADER), 304: NotModified, ...errors(400, ...AUTH_ERRORS, 404) },
}

export const updateSegmentRoute = {
  operationId: 'updateSegment',
  summary: 'Update a segment',
  description: 'Send `If-Match: <version>` so a concurrent change is a 412 instead of a silent overwrite. The change reaches SDKs on the stream as `segment.upserted`.',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  headers: IfMatchHeaders,
  body: UpdateSegmentBody,
  response: { 200: withHeaders(described(ref(SegmentSchema), 'Updated: the new version (the same one when nothing changed)'), ETAG_HEADER), ...errors(400, ...AUTH_ERRORS, 404, 412) },
}

export const deleteSegmentRoute = {
  operationId: 'deleteSegment',
  summary: 'Delete a segment',
  description: '409 `SLUICE_SEGMENT_IN_USE` while a flag that is not archived names it; the message lists those flags.',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  headers: IfMatchHeaders,
  response: { 204: NoContent, ...errors(400, ...AUTH_ERRORS, 404, 409, 412) },
}

import { Type, type Static } from '@sinclair/typebox'
import { EnvironmentQuery } from '../environments/environment-schemas.js'
import { AUTH_ERRORS, errors, ref, StringEnum, described } from '../schemas/common.js'

const ACTIONS = ['created', 'updated', 'unchanged', 'refused'] as const

const ImportItem = Type.Object(
  {
    key: Type.String({ description: 'The feature name or segment key' }),
    action: StringEnum(ACTIONS, { description: 'refused: nothing was written for it, and `reason` says why' }),
    reason: Type.Optional(Type.String({ examples: ['strategy 0 (applicationHostname): custom strategy "applicationHostname" has no Sluice equivalent'] })),
    version: Type.Optional(Type.Integer({ description: 'The flag or segment version after the import' })),
  },
  { additionalProperties: false },
)

const Counts = Type.Object(Object.fromEntries(ACTIONS.map((action) => [action, Type.Integer()])) as Record<(typeof ACTIONS)[number], ReturnType<typeof Type.Integer>>)

export const ImportReportSchema = Type.Object(
  {
    dryRun: Type.Boolean({ description: 'true: nothing was changed; the report says what an import would do' }),
    features: Type.Array(ImportItem),
    segments: Type.Array(ImportItem),
    summary: Type.Object({ features: Counts, segments: Counts }),
  },
  {
    $id: 'UnleashImportReport',
    title: 'UnleashImportReport',
    examples: [
      {
        dryRun: false,
        features: [
          { key: 'checkout.v2', action: 'created', version: 1 },
          { key: 'legacy-banner', action: 'refused', reason: 'strategy 0 (applicationHostname): custom strategy "applicationHostname" has no Sluice equivalent' },
        ],
        segments: [{ key: 'unleash-segment-1', action: 'created', version: 1 }],
        summary: { features: { created: 1, updated: 0, unchanged: 0, refused: 1 }, segments: { created: 1, updated: 0, unchanged: 0, refused: 0 } },
      },
    ],
  },
)
export type ImportReportView = Static<typeof ImportReportSchema>

export const importSchemas = [ImportReportSchema]

/** What an Unleash server serves at /api/client/features; the engine's mapping checks the rest. */
const UnleashClientFeatures = Type.Object(
  {
    version: Type.Optional(Type.Integer()),
    features: Type.Array(Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: true }), { maxItems: 10_000 }),
    segments: Type.Optional(Type.Array(Type.Object({ id: Type.Integer() }, { additionalProperties: true }), { maxItems: 10_000 })),
  },
  {
    additionalProperties: true,
    description: "The JSON an Unleash server answers at `GET /api/client/features` (a client API token's view): features with their strategies, constraints, variants and dependencies, and the segments they use.",
    examples: [
      {
        version: 2,
        features: [
          {
            name: 'checkout.v2',
            enabled: true,
            strategies: [
              {
                name: 'flexibleRollout',
                constraints: [{ contextName: 'plan', operator: 'IN', values: ['pro'] }],
                parameters: { rollout: '25', stickiness: 'default', groupId: 'checkout.v2' },
                segments: [1],
              },
            ],
          },
        ],
        segments: [{ id: 1, name: 'beta-testers', constraints: [{ contextName: 'userId', operator: 'IN', values: ['u1', 'u2'] }] }],
      },
    ],
  },
)

export const importUnleashRoute = {
  operationId: 'importFromUnleash',
  summary: 'Import flags and segments from Unleash',
  description: [
    'Creates or updates the equivalent flags (`rules` flags) and segments in one transaction, and reports per feature and per segment what it did. A feature that cannot be expressed exactly is refused by name, never silently changed; the others are still imported.',
    'Flags keep their Unleash names as keys (a name that cannot be a key is refused); segments are keyed `unleash-segment-<id>`. A flag that already exists is replaced by the imported definition; rule ids are the strategy ids, so a second import of the same export changes nothing. `?dryRun=true` changes nothing and reports what an import would do. The body may be up to 16 MiB.',
  ].join('\n\n'),
  tags: ['import'],
  querystring: Type.Object({ ...EnvironmentQuery.properties, dryRun: Type.Boolean({ default: false }) }),
  body: UnleashClientFeatures,
  response: { 200: described(ref(ImportReportSchema), 'What was (or, in a dry run, would be) done'), ...errors(400, ...AUTH_ERRORS, 404, 413) },
}

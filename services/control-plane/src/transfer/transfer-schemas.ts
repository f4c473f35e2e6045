import { Type, type Static } from '@sinclair/typebox'
import { ChaosRule } from '../chaos/chaos-schemas.js'
import { EnvironmentKey, EnvironmentQuery } from '../environments/environment-schemas.js'
import { Flag, FLAG_EXAMPLE, FlagKey } from '../flags/flag-schemas.js'
import { AUTH_ERRORS, errors, ref, StringEnum, described } from '../schemas/common.js'
import { SEGMENT_EXAMPLE, SegmentKey, SegmentSchema } from '../segments/segment-schemas.js'

export const EXPORT_FORMAT = 'sluice-export' as const

const EXPORT_EXAMPLE = {
  format: EXPORT_FORMAT,
  version: 1,
  environment: 'production',
  exportedAt: '2026-12-03T09:00:00.000Z',
  flags: [FLAG_EXAMPLE],
  segments: [SEGMENT_EXAMPLE],
  chaosRules: [],
}

export const ExportDocument = Type.Object(
  {
    format: Type.Literal(EXPORT_FORMAT),
    version: Type.Literal(1, { description: 'The document format version' }),
    environment: EnvironmentKey,
    exportedAt: Type.String({ format: 'date-time' }),
    flags: Type.Array(ref(Flag), { description: "Every flag that is not archived, with its configuration and version in this environment" }),
    segments: Type.Array(ref(SegmentSchema)),
    chaosRules: Type.Array(ref(ChaosRule)),
  },
  { $id: 'SluiceExport', title: 'SluiceExport', examples: [EXPORT_EXAMPLE] },
)

const ACTIONS = ['created', 'updated', 'unchanged', 'refused'] as const

const TransferItem = Type.Object(
  {
    key: Type.String({ description: 'The flag key, segment key or chaos rule id' }),
    action: StringEnum(ACTIONS, { description: 'refused: nothing was written for it, and `reason` says why' }),
    reason: Type.Optional(Type.String()),
    version: Type.Optional(Type.Integer({ description: 'The version after the import' })),
  },
  { additionalProperties: false },
)

const Counts = Type.Object(Object.fromEntries(ACTIONS.map((action) => [action, Type.Integer()])) as Record<(typeof ACTIONS)[number], ReturnType<typeof Type.Integer>>)

export const TransferReport = Type.Object(
  {
    dryRun: Type.Boolean({ description: 'true: nothing was changed; the report says what an import would do' }),
    flags: Type.Array(TransferItem),
    segments: Type.Array(TransferItem),
    chaosRules: Type.Array(TransferItem),
    summary: Type.Object({ flags: Counts, segments: Counts, chaosRules: Counts }),
  },
  {
    $id: 'SluiceImportReport',
    title: 'SluiceImportReport',
    examples: [
      {
        dryRun: true,
        flags: [{ key: 'new_payment_flow', action: 'updated', version: 5 }],
        segments: [{ key: 'eu-countries', action: 'unchanged', version: 2 }],
        chaosRules: [],
        summary: {
          flags: { created: 0, updated: 1, unchanged: 0, refused: 0 },
          segments: { created: 0, updated: 0, unchanged: 1, refused: 0 },
          chaosRules: { created: 0, updated: 0, unchanged: 0, refused: 0 },
        },
      },
    ],
  },
)
export type TransferReportView = Static<typeof TransferReport>

export const transferSchemas = [ExportDocument, TransferReport]

const ExportedVersion = Type.Optional(Type.Integer({ minimum: 1, description: 'The version the item had when exported; with `onConflict: fail` the import is refused if the target moved past it' }))

/** An export read back: the server-kept fields (environment, timestamps) are ignored, the rest is checked item by item. */
export const ImportDocument = Type.Object(
  {
    format: Type.Literal(EXPORT_FORMAT),
    version: Type.Literal(1),
    onConflict: Type.Optional(
      StringEnum(['fail', 'overwrite'], {
        default: 'overwrite',
        description: "overwrite: the document wins. fail: if any item's target version is newer than the item's `version`, nothing is imported (412 naming the items)",
      }),
    ),
    flags: Type.Array(Type.Object({ key: FlagKey, version: ExportedVersion }, { additionalProperties: true }), { maxItems: 10_000 }),
    segments: Type.Array(Type.Object({ key: SegmentKey, version: ExportedVersion }, { additionalProperties: true }), { maxItems: 10_000 }),
    chaosRules: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), version: ExportedVersion }, { additionalProperties: true }), { maxItems: 10_000 }),
  },
  {
    additionalProperties: true,
    description: 'A document `GET /admin/export` produced (its `environment` need not be the target)',
    examples: [{ ...EXPORT_EXAMPLE, onConflict: 'fail' }],
  },
)
export type ImportDocumentInput = Static<typeof ImportDocument>

export const exportRoute = {
  operationId: 'exportEnvironment',
  summary: "Export an environment's flags, segments and chaos rules",
  description: 'One JSON document with every flag (its configuration in this environment), segment and chaos rule, each with its version. `POST /admin/import` applies it to any environment of any installation; it is also the backup path for the embedded database.',
  tags: ['import'],
  querystring: EnvironmentQuery,
  response: { 200: described(ref(ExportDocument), 'The export document'), ...errors(...AUTH_ERRORS, 404) },
}

export const importRoute = {
  operationId: 'importEnvironment',
  summary: 'Import an export document into an environment',
  description: [
    'Applies the document in ONE transaction: segments first, then flags (parents before children), then chaos rules; each is created when missing, replaced when it differs and left alone when equal. An item the flag, segment or chaos rules refuse (e.g. an enabled chaos rule into a production environment) is reported by name with its reason and the others are still imported.',
    "Conflicts: with `onConflict: 'fail'` every item carrying a `version` is compared with the target's current version; if any target moved past it, nothing is imported and the answer is 412 naming those items. `?dryRun=true` changes nothing and reports what an import would do.",
  ].join('\n\n'),
  tags: ['import'],
  querystring: Type.Object({ ...EnvironmentQuery.properties, dryRun: Type.Boolean({ default: false }) }),
  body: ImportDocument,
  response: { 200: described(ref(TransferReport), 'What was (or, in a dry run, would be) done'), ...errors(400, ...AUTH_ERRORS, 404, 412, 413) },
}

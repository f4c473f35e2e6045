import { unwrap, type paths, type UnleashImportReport } from '@sluice/api-client'
import type { CommandGroup } from '../command.js'
import { readJson } from '../json-file.js'
import { renderTable } from '../table.js'
import { sluiceImport } from './transfer.js'

type UnleashExport = paths['/api/v1/admin/import/unleash']['post']['requestBody']['content']['application/json']

function describeReport(report: UnleashImportReport): string {
  const rows = [
    ...report.segments.map((item) => ['segment', item.key, item.action, item.reason ?? '']),
    ...report.features.map((item) => ['flag', item.key, item.action, item.reason ?? '']),
  ]
  const { features, segments } = report.summary
  const headline = `${report.dryRun ? 'dry run, nothing changed: would have ' : ''}created ${features.created}, updated ${features.updated}, left ${features.unchanged} unchanged and refused ${features.refused} flags; segments: ${segments.created} created, ${segments.updated} updated, ${segments.refused} refused`
  if (rows.length === 0) return headline
  return `${headline}\n\n${renderTable([{ header: 'KIND' }, { header: 'KEY' }, { header: 'ACTION' }, { header: 'REASON' }], rows)}`
}

export const importGroup: CommandGroup = {
  name: 'import',
  summary: 'apply a `sluice export` document, or bring flags over from another system',
  command: sluiceImport,
  commands: [
    {
      name: 'unleash',
      args: ['<file>'],
      summary: 'Import flags and segments from an Unleash export',
      description:
        "FILE holds what an Unleash server answers at /api/client/features (curl -H 'Authorization: <client token>' https://unleash.example/api/client/features > features.json). Everything is imported in one transaction; a feature Sluice cannot express exactly is refused by name and the rest still imported. Exits 0 even when some features are refused: read the report.",
      options: { 'dry-run': { type: 'boolean', description: 'Change nothing; report what an import would do' } },
      async run(api, { args: [file], options }) {
        // The service checks the shape and answers 400 naming what is wrong.
        const body = (await readJson(file!)) as UnleashExport
        const report = await unwrap(api.POST('/api/v1/admin/import/unleash', { params: { query: { dryRun: options['dry-run'] === true } }, body }))
        return { data: report, text: describeReport(report) }
      },
    },
  ],
}

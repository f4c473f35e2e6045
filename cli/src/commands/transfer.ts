import { unwrap, type paths, type SluiceImportReport } from '@sluice/api-client'
import type { Command, CommandGroup } from '../command.js'
import { readJson } from '../json-file.js'
import { renderTable } from '../table.js'

type ImportDocument = paths['/api/v1/admin/import']['post']['requestBody']['content']['application/json']

const KINDS = [
  ['segment', 'segments'],
  ['flag', 'flags'],
  ['chaos rule', 'chaosRules'],
] as const

function describeReport(report: SluiceImportReport): string {
  const counts = KINDS.map(([, field]) => {
    const { created, updated, unchanged, refused } = report.summary[field]
    return `${field}: ${created} created, ${updated} updated, ${unchanged} unchanged, ${refused} refused`
  })
  const headline = `${report.dryRun ? 'dry run, nothing changed; would have done: ' : ''}${counts.join('; ')}`
  const rows = KINDS.flatMap(([kind, field]) => report[field].map((item) => [kind, item.key, item.action, item.reason ?? '']))
  if (rows.length === 0) return headline
  return `${headline}\n\n${renderTable([{ header: 'KIND' }, { header: 'KEY' }, { header: 'ACTION' }, { header: 'REASON' }], rows)}`
}

export const exportGroup: CommandGroup = {
  name: 'export',
  summary: "write an environment's flags, segments and chaos rules as one JSON document",
  commands: [],
  command: {
    name: '',
    args: [],
    summary: "Print the environment's export document (`sluice export --env staging > staging.json`)",
    description: 'The document `sluice import` takes back, here or in another installation: the backup path for the embedded database.',
    async run(api) {
      const document = await unwrap(api.GET('/api/v1/admin/export'))
      return { data: document, text: JSON.stringify(document, null, 2) }
    },
  },
}

export const sluiceImport: Command = {
  name: '',
  args: ['<file>'],
  summary: 'Apply a `sluice export` document to the environment, in one transaction',
  description:
    "Creates what is missing, replaces what differs, leaves equal items alone; an item the service refuses (e.g. an enabled chaos rule into a production environment) is reported with its reason. Set \"onConflict\": \"fail\" in the document to refuse the whole import when something changed here since the export. Exits 0 even when items are refused: read the report.",
  options: { 'dry-run': { type: 'boolean', description: 'Change nothing; report what an import would do' } },
  async run(api, { args: [file], options }) {
    // The service checks the document and answers 400 naming what is wrong.
    const body = (await readJson(file!)) as ImportDocument
    const report = await unwrap(api.POST('/api/v1/admin/import', { params: { query: { dryRun: options['dry-run'] === true } }, body }))
    return { data: report, text: describeReport(report) }
  },
}

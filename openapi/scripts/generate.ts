/** `pnpm generate`: rewrites src/schema.ts from openapi.json. */
import { writeFile } from 'node:fs/promises'
import { renderSchemaTypes, SCHEMA_PATH } from './render-schema.js'

await writeFile(SCHEMA_PATH, await renderSchemaTypes())
process.stdout.write(`wrote ${SCHEMA_PATH}\n`)

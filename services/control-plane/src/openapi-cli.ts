/** `pnpm openapi`: regenerates openapi/openapi.json from the route schemas. */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { renderOpenApiDocument } from './openapi-document.js'

export const OPENAPI_PATH = fileURLToPath(new URL('../../../openapi/openapi.json', import.meta.url))

await writeFile(OPENAPI_PATH, await renderOpenApiDocument())
process.stdout.write(`wrote ${OPENAPI_PATH}\n`)

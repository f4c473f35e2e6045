/**
 * Renders src/schema.ts from openapi.json with openapi-typescript. `pnpm generate` writes it;
 * src/schema-current.test.ts renders it again in memory and fails when the committed file is
 * stale, the same way the service's own test guards openapi.json.
 *
 * One correction is made on the way. The service validates with Ajv's `useDefaults`, so a
 * request field or query parameter that has a `default` may be left out — but the document
 * lists such fields as `required` (TypeBox puts every non-Optional property there), which
 * would make callers send `rollbackThreshold`, `includeArchived` and friends by hand. Here a
 * request-side property or parameter with a `default` is optional, as OpenAPI intends
 * `default` to be used. Responses are untouched: there the server fills every default in.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'

export const DOCUMENT_PATH = fileURLToPath(new URL('../openapi.json', import.meta.url))
export const SCHEMA_PATH = fileURLToPath(new URL('../src/schema.ts', import.meta.url))

const HEADER = `/**
 * Generated from openapi/openapi.json by openapi-typescript (scripts/render-schema.ts): do not
 * edit. Run \`pnpm openapi\` at the repository root after changing a route schema.
 */

`

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Drops defaulted properties from `required`, through nested inline objects, arrays and unions. */
function relaxDefaults(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(relaxDefaults)
  if (!isObject(schema)) return
  const properties = schema.properties
  if (isObject(properties) && Array.isArray(schema.required)) {
    schema.required = schema.required.filter((name) => !(isObject(properties[name]) && 'default' in properties[name]))
    if ((schema.required as unknown[]).length === 0) delete schema.required
  }
  for (const value of Object.values(schema)) relaxDefaults(value)
}

/** The document as the service actually accepts requests (see the module comment). */
export function requestDefaultsOptional(document: Json): Json {
  const copy = structuredClone(document)
  for (const item of Object.values(isObject(copy.paths) ? copy.paths : {})) {
    for (const operation of Object.values(isObject(item) ? item : {})) {
      if (!isObject(operation)) continue
      for (const parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
        if (isObject(parameter) && parameter.in !== 'path' && isObject(parameter.schema) && 'default' in parameter.schema) {
          parameter.required = false
        }
      }
      if (isObject(operation.requestBody)) relaxDefaults(operation.requestBody.content)
    }
  }
  return copy
}

export async function renderSchemaTypes(): Promise<string> {
  const document = JSON.parse(await readFile(DOCUMENT_PATH, 'utf8')) as Json
  const ast = await openapiTS(requestDefaultsOptional(document) as unknown as OpenAPI3, { silent: true })
  return HEADER + astToString(ast)
}

/**
 * Corrections to what @fastify/swagger derives from the route schemas, so the document says
 * what the service really does (the typed client and the conformance test depend on it):
 *
 * - A field or query parameter with a `default` is optional: validation fills the default in,
 *   but TypeBox lists it as required because the handler always sees it.
 * - Some bodies are optional (`halt` works with none); @fastify/swagger marks every body required.
 * - Every route with a JSON body can answer 413 when the body is over the limit.
 * - Every route that may be sent a body (any method but GET) answers 415 to one declared as
 *   anything but JSON; see http/content-types.ts.
 * - Error responses get an example for their status: @fastify/swagger drops `examples` set
 *   beside a `$ref`, so they cannot come from the route schemas.
 */
import type { OpenAPIV3_1 } from 'openapi-types'
import { ERROR_EXAMPLES } from '../schemas/common.js'

/** operationIds whose request body may be left out entirely. */
export const OPTIONAL_BODIES = new Set(['haltChaosRules'])

type Schema = { required?: string[]; properties?: Record<string, { default?: unknown }> }

function withoutDefaultedRequired(schema: Schema | undefined): void {
  if (!schema?.required || !schema.properties) return
  const properties = schema.properties
  schema.required = schema.required.filter((name) => properties[name]?.default === undefined)
  if (schema.required.length === 0) delete schema.required
}

function exemplifyErrors(responses: OpenAPIV3_1.ResponsesObject): void {
  for (const [status, response] of Object.entries(responses)) {
    const media = (response as OpenAPIV3_1.ResponseObject).content?.['application/json']
    const example = ERROR_EXAMPLES[Number(status)]
    if (!media || !example || media.example !== undefined) continue
    if ((media.schema as { $ref?: string } | undefined)?.$ref === '#/components/schemas/Error') media.example = example
  }
}

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }

function correctOperation(method: string, operation: OpenAPIV3_1.OperationObject): void {
  if (method !== 'get') {
    operation.responses ??= {}
    operation.responses['415'] ??= { description: 'The body is declared as something other than JSON', content: ERROR_CONTENT }
  }
  for (const parameter of (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]) {
    if ((parameter.schema as { default?: unknown } | undefined)?.default !== undefined) parameter.required = false
  }
  const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined
  if (!body) return
  withoutDefaultedRequired(body.content['application/json']?.schema as Schema | undefined)
  if (operation.operationId && OPTIONAL_BODIES.has(operation.operationId)) body.required = false
  operation.responses ??= {}
  operation.responses['413'] ??= { description: 'The body is larger than the limit', content: ERROR_CONTENT }
}

export function correctDocument(document: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  for (const path of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = path?.[method]
      if (!operation) continue
      correctOperation(method, operation)
      exemplifyErrors(operation.responses ?? {})
    }
  }
  return document
}

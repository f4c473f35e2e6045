/**
 * Request validation with two Ajv set-ups. Query strings, params and headers arrive as text,
 * so they are coerced (`?limit=10` is a number). Bodies are JSON and are NOT coerced or
 * trimmed: `"enabled": "yes"` or an unknown field is a 400 that names it, never a silent
 * guess about what a payment team meant.
 */
import { AjvCompiler, type RouteDefinition } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'
import type { FastifySchemaValidationError, SchemaErrorDataVar } from 'fastify/types/schema.js'

const strictBodies = AjvCompiler()
const coercedText = AjvCompiler()

const shared = { allErrors: false, useDefaults: true, removeAdditional: false as const, allowUnionTypes: true }

export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator(externalSchemas) {
      const body = strictBodies(externalSchemas, { customOptions: { ...shared, coerceTypes: false } })
      const text = coercedText(externalSchemas, { customOptions: { ...shared, coerceTypes: 'array' } })
      return (route: RouteDefinition) => (route.httpPart === 'body' ? body(route) : text(route))
    },
  },
}

/** Messages that name the field: `body/percentage must be <= 100`, `body/colour is not a known field`. */
export function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  const error = errors[0]
  const message = error ? describe(error, dataVar) : `${dataVar} is invalid`
  return new Error(message)
}

function describe(error: FastifySchemaValidationError, dataVar: string): string {
  const path = `${dataVar}${error.instancePath}`
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return `${path}/${String(params.missingProperty)} is required`
    case 'additionalProperties':
      return `${path}/${String(params.additionalProperty)} is not a known field`
    case 'enum':
      return `${path} must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`
    case 'const':
      return `${path} must be ${JSON.stringify(params.allowedValue)}`
    default:
      return `${path} ${error.message ?? 'is invalid'}`
  }
}

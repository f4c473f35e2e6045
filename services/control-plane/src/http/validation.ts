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

/**
 * Messages that name the field as the client wrote it, then the problem: `percentage: must be ≤ 100`,
 * `variants[0].weight: must be integer`, `colour: is not a known field`. Which part of the request
 * it is in (body, query, header) goes unsaid: the field's name already says it.
 */
export function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  const error = errors[0]
  const message = error ? describe(error, dataVar) : `${dataVar} is invalid`
  return new Error(message)
}

/** `variants[0].weight` from the path segments `variants`, `0`, `weight`. */
export function fieldPath(...segments: Array<string | number>): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) return `${path}[${segment}]`
    return path === '' ? segment : `${path}.${segment}`
  }, '')
}

/** `variants[0]` from an Ajv instance path `/variants/0`, or undefined for the whole part. */
function fieldOf(instancePath: string): string | undefined {
  if (instancePath === '') return undefined
  return fieldPath(...instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')))
}

function describe(error: FastifySchemaValidationError, dataVar: string): string {
  const field = fieldOf(error.instancePath)
  const params = error.params as Record<string, unknown>
  const at = (name: string) => (field ? `${field}.${name}` : name)
  switch (error.keyword) {
    case 'required':
      return `${at(String(params.missingProperty))}: is required`
    case 'additionalProperties':
      return `${at(String(params.additionalProperty))}: is not a known field`
  }
  const problem = problemOf(error, params)
  return field ? `${field}: ${problem}` : `${dataVar} ${problem}`
}

function problemOf(error: FastifySchemaValidationError, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`
    default:
      return (error.message ?? 'is invalid').replace('<=', '≤').replace('>=', '≥')
  }
}

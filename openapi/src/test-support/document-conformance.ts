/**
 * A fetch for tests that checks every answer against openapi.json: the status must be one
 * the operation declares, and a JSON body must validate against that status's schema. A
 * test drives the real service through the typed client with it, then asserts that nothing
 * was found, which is what makes "the document describes what the service does" a test
 * rather than a hope.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

type Json = Record<string, any>

export interface Mismatch {
  /** `GET /api/v1/admin/feature-flags/{key}` */
  operation: string
  status: number
  problem: string
}

export interface ConformanceChecker {
  fetch: (request: Request) => Promise<Response>
  /** Everything that did not match the document, in the order it happened. */
  mismatches: Mismatch[]
  /** `METHOD /template status` for every answer seen. */
  seen: Set<string>
}

const DOCUMENT = fileURLToPath(new URL('../../openapi.json', import.meta.url))

/**
 * The response headers a client acts on (concurrency control, where a created entity lives,
 * how to authenticate, when to retry). Sent and declared must agree both ways; transport headers such as
 * content-type or x-request-id are left out.
 */
const MEANINGFUL_HEADERS = ['etag', 'location', 'www-authenticate', 'retry-after']

interface Route {
  method: string
  template: string
  pattern: RegExp
  responses: Record<string, Json>
}

function routesOf(document: Json): Route[] {
  const routes: Route[] = []
  for (const [template, item] of Object.entries<Json>(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`)
    for (const [method, operation] of Object.entries<Json>(item)) {
      routes.push({ method: method.toUpperCase(), template, pattern, responses: operation.responses ?? {} })
    }
  }
  // Literal segments win over parameters: /chaos-rules/halt before /chaos-rules/{id}.
  return routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0))
}

/**
 * The service's serializer passes through properties a response schema does not name, so an
 * object schema that is silent on extra properties is checked as closed: a field the service
 * sends but the document does not describe is a mismatch, not a surprise for client authors.
 */
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects)
  if (typeof schema !== 'object' || schema === null) return schema
  const copy: Json = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'examples' || k === 'example' ? v : closeObjects(v)]))
  if (typeof copy.properties === 'object' && !('additionalProperties' in copy) && !('unevaluatedProperties' in copy)) copy.unevaluatedProperties = false
  return copy
}

export interface ConformanceOptions {
  document?: Json
  /** The fetch that really sends the request (default: the global one). */
  fetch?: (request: Request) => Promise<Response>
}

export function conformanceChecker(options: ConformanceOptions = {}): ConformanceChecker {
  const document = options.document ?? (JSON.parse(readFileSync(DOCUMENT, 'utf8')) as Json)
  const send = options.fetch ?? ((request: Request) => fetch(request))
  const components = closeObjects(document.components)
  // Annotations such as `examples` are fine; the document may use keywords Ajv does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  ;(addFormats as unknown as (ajv: Ajv2020) => void)(ajv)
  const routes = routesOf(document)
  const validators = new Map<string, ValidateFunction>()
  const mismatches: Mismatch[] = []
  const seen = new Set<string>()

  const validatorFor = (key: string, schema: Json) => {
    let validate = validators.get(key)
    if (!validate) {
      validate = ajv.compile({ ...(closeObjects(schema) as Json), components })
      validators.set(key, validate)
    }
    return validate
  }

  function checkHeaders(operation: string, response: Response, declared: Json): void {
    const documented = Object.keys((declared.headers ?? {}) as Json).map((name) => name.toLowerCase())
    for (const name of MEANINGFUL_HEADERS) {
      const sent = response.headers.has(name)
      if (sent && !documented.includes(name)) mismatches.push({ operation, status: response.status, problem: `sends the ${name} header, which is not declared` })
      if (!sent && documented.includes(name)) mismatches.push({ operation, status: response.status, problem: `declares the ${name} header but did not send it` })
    }
  }

  async function check(request: Request, response: Response): Promise<void> {
    const path = new URL(request.url).pathname
    const route = routes.find((r) => r.method === request.method && r.pattern.test(path))
    if (!route) return void mismatches.push({ operation: `${request.method} ${path}`, status: response.status, problem: 'no such operation in the document' })
    const operation = `${route.method} ${route.template}`
    seen.add(`${operation} ${response.status}`)
    const declared = route.responses[String(response.status)]
    if (!declared) {
      return void mismatches.push({ operation, status: response.status, problem: `status not declared (declared: ${Object.keys(route.responses).join(', ')})` })
    }
    checkHeaders(operation, response, declared)
    const text = await response.clone().text()
    const content = declared.content as Record<string, Json> | undefined
    if (!content) {
      if (text !== '') mismatches.push({ operation, status: response.status, problem: `declared without a body, got ${text.slice(0, 200)}` })
      return
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim()
    if (!(mediaType in content)) {
      return void mismatches.push({ operation, status: response.status, problem: `content-type ${mediaType || '(none)'}, declared ${Object.keys(content).join(', ')}` })
    }
    const schema = content[mediaType]?.schema as Json | undefined
    if (mediaType !== 'application/json' || !schema) return
    const validate = validatorFor(`${operation} ${response.status}`, schema)
    if (!validate(JSON.parse(text))) {
      mismatches.push({ operation, status: response.status, problem: ajv.errorsText(validate.errors, { dataVar: 'body' }) })
    }
  }

  return {
    mismatches,
    seen,
    async fetch(request) {
      const probe = request.clone()
      const response = await send(request)
      await check(probe, response)
      return response
    },
  }
}

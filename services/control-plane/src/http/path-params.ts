/**
 * Path parameters are bounded by their schemas alone. Fastify's router refuses a parameter
 * longer than its `maxParamLength` (100 by default) with a 414 before any schema runs, so a
 * flag key the schema allows (up to 128 characters) could be created and never addressed
 * again. The router's limit is therefore derived from the schemas' `maxLength`: long enough
 * for any value a schema accepts even fully percent-encoded, so the router lets every
 * candidate through and the schema answers an over-long one with a 400 naming the parameter.
 *
 * The limit must be known when Fastify is constructed, before any route exists, so path
 * parameter schemas are declared through `pathParams`, which records their bounds as the
 * schema modules load; `enforcePathParamBounds` refuses, at start-up, a route whose
 * parameters were declared any other way.
 */
import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'

/** A code point is at most 4 bytes of UTF-8, and each byte at most 3 characters (`%XX`) in a URL. */
const ENCODED_CHARS_PER_CODE_POINT = 12

/** Each declared params schema, with the longest `maxLength` among its parameters. */
const declared = new WeakMap<TSchema, number>()
let longest = 0

/** The schema of a route's path parameters; every one needs a `maxLength`. */
export function pathParams<T extends TProperties>(properties: T): TObject<T> {
  let own = 0
  for (const [name, schema] of Object.entries(properties)) {
    const maxLength = (schema as { maxLength?: unknown }).maxLength
    if (typeof maxLength !== 'number') throw new Error(`path parameter "${name}" needs a maxLength`)
    own = Math.max(own, maxLength)
  }
  longest = Math.max(longest, own)
  const schema = Type.Object(properties)
  declared.set(schema, own)
  return schema
}

/** The router's `maxParamLength`: the longest encoded form of any declared parameter. */
export function routerParamLimit(): number {
  return Math.max(longest, 1) * ENCODED_CHARS_PER_CODE_POINT
}

/** Fails start-up on a route whose path parameters the router limit may not cover. */
export function enforcePathParamBounds(app: FastifyInstance): void {
  const limit = routerParamLimit()
  app.addHook('onRoute', (route) => {
    if (!route.url.includes(':')) return
    const params = route.schema?.params as TSchema | undefined
    const own = params === undefined ? undefined : declared.get(params)
    if (own === undefined) throw new Error(`route ${route.method} ${route.url}: declare its path parameters with pathParams()`)
    // Declared after the app was built (a module loaded late): its bound may exceed the router's.
    if (own * ENCODED_CHARS_PER_CODE_POINT > limit) throw new Error(`route ${route.method} ${route.url}: path parameters longer than the router allows (${limit})`)
  })
}

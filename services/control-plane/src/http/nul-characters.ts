/**
 * JSON and URLs can carry U+0000, but Postgres text and jsonb cannot store it: left alone, a
 * stray NUL in a flag name or a halt reason fails the write deep in its transaction with a
 * 500. It is refused where it enters instead, before validation, with a 400 naming the field,
 * and nothing is written. Bodies are checked as they are parsed (content-types.ts) and URLs
 * here; both look only when the raw text holds an encoded NUL, so /check and outcome batches,
 * which never do, pay one string scan rather than a walk of what they carry.
 */
import type { FastifyInstance } from 'fastify'
import { BadRequestError } from '../errors.js'
import { fieldPath } from './validation.js'

/** The path of the first string or key holding a NUL, e.g. `['variants', '0', 'key']`, or undefined. */
export function findNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined
  if (typeof value !== 'object' || value === null) return undefined
  for (const [key, item] of Object.entries(value)) {
    const itemPath = [...path, key]
    if (key.includes('\0')) return itemPath
    const found = findNul(item, itemPath)
    if (found !== undefined) return found
  }
  return undefined
}

/** Throws the 400 for the first string or key of `value` holding a NUL. */
export function rejectNul(value: unknown, part: 'body' | 'querystring' | 'params'): void {
  const path = findNul(value)
  if (path !== undefined) throw new BadRequestError(`${path.length > 0 ? fieldPath(...path) : part}: must not contain the NUL character (\\u0000)`)
}

/** A NUL reaches a URL only percent-encoded (Node refuses a raw one). */
export function rejectNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (!request.url.includes('%00')) return
    rejectNul(request.query, 'querystring')
    rejectNul(request.params, 'params')
  })
}

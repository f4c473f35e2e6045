/**
 * JSON and URLs can carry U+0000, but Postgres text and jsonb cannot store it: left alone, a
 * stray NUL in a flag name or a halt reason fails the write deep in its transaction with a
 * 500. Every request is checked before validation instead, so the answer is a 400 naming
 * the field and nothing is written.
 */
import type { FastifyInstance } from 'fastify'
import { BadRequestError } from '../errors.js'

/** The path of the first string or key holding a NUL, e.g. `/variants/0/key`, or undefined. */
export function findNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined
  if (typeof value !== 'object' || value === null) return undefined
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}/${key}`
    if (key.includes('\0')) return itemPath
    const found = findNul(item, itemPath)
    if (found !== undefined) return found
  }
  return undefined
}

export function rejectNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['querystring', request.query], ['params', request.params], ['body', request.body]] as const) {
      const path = findNul(value)
      if (path !== undefined) throw new BadRequestError(`${part}${path} must not contain the NUL character (\\u0000)`)
    }
  })
}

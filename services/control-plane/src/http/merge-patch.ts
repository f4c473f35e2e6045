/**
 * PATCH with JSON Merge Patch (RFC 7396, `application/merge-patch+json`) beside each partial PUT.
 *
 * A merge patch is turned into the PUT body it means, against the entity as it is now, and goes
 * through the same schema, the same service call and the same audit as that PUT: a field set to
 * null is removed, an object merges into the current one field by field (so `{"config":
 * {"latencyMs": 50}}` keeps the rest of a chaos rule's config), an array or a scalar replaces.
 *
 * The merge reads the entity before the write's transaction, so the write is made conditional on
 * the version read: with the client's If-Match that conflict is the client's 412; without one,
 * a concurrent change makes the merge start again from the new version instead of overwriting
 * what the other writer changed in a nested object.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TSchema } from '@sinclair/typebox'
import { BadRequestError, PreconditionFailedError, SluiceError } from '../errors.js'
import { rejectNul } from './nul-characters.js'
import { formatSchemaErrors } from './validation.js'

export const MERGE_PATCH = 'application/merge-patch+json'

/** Merges after a concurrent change this many times before answering with the conflict. */
const MAX_ATTEMPTS = 3

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** RFC 7396 §2 MergePatch(target, patch). */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch
  const result: Json = isObject(target) ? { ...target } : {}
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name]
    else result[name] = applyMergePatch(result[name], value)
  }
  return result
}

/**
 * The partial-PUT body a merge patch means for `current`: only the fields the patch names; null
 * stays null (PUT's "clear"), objects are merged into the current value.
 */
export function updateFromMergePatch(current: Json, patch: Json): Json {
  return Object.fromEntries(
    Object.entries(patch).map(([name, value]) => [name, value === null ? null : applyMergePatch(current[name], value)]),
  )
}

/** Parses `application/merge-patch+json` bodies as JSON, refusing NUL as application/json does. */
export function registerMergePatch(app: FastifyInstance): void {
  app.addContentTypeParser(MERGE_PATCH, { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
      if (text.includes('\\u0000')) rejectNul(parsed, 'body')
    } catch (err) {
      return done(err instanceof SluiceError ? err : new BadRequestError(`body is not valid JSON: ${(err as Error).message}`), undefined)
    }
    done(null, parsed)
  })
}

/** A PATCH route's `preValidation`: anything but a merge patch is 415, and says what is accepted. */
export async function requireMergePatch(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  if (type === MERGE_PATCH) return
  throw new SluiceError('SLUICE_UNSUPPORTED_MEDIA_TYPE', 415, `PATCH takes a JSON Merge Patch: send Content-Type: ${MERGE_PATCH}`, {
    'accept-patch': MERGE_PATCH,
  })
}

/** Throws the 400 a PUT with `update` as its body would answer, naming the field. */
export function checkAgainst(request: FastifyRequest, schema: TSchema): (update: Json) => void {
  return (update) => {
    const validate = request.compileValidationSchema(schema, 'body')
    if (validate(update)) return
    throw new BadRequestError(formatSchemaErrors(validate.errors ?? [], 'body').message, 'SLUICE_VALIDATION')
  }
}

export interface MergePatchWrite<Current extends { version: number }, Written> {
  patch: Json
  /** The client's If-Match, if it sent one. */
  expected: number | undefined
  read: () => Promise<Current>
  /** What the patch merges into; the entity itself unless some field starts afresh. */
  base?: (current: Current) => object
  validate: (update: Json) => void
  write: (update: Json, expected: number) => Promise<Written>
}

export async function mergePatchWrite<Current extends { version: number }, Written>(op: MergePatchWrite<Current, Written>): Promise<Written> {
  for (let attempt = 1; ; attempt++) {
    const current = await op.read()
    const update = updateFromMergePatch((op.base?.(current) ?? current) as Json, op.patch)
    // `{}` changes nothing (RFC 7396); the write still checks If-Match and answers the entity.
    if (Object.keys(update).length > 0) op.validate(update)
    try {
      return await op.write(update, op.expected ?? current.version)
    } catch (err) {
      if (op.expected !== undefined || !(err instanceof PreconditionFailedError) || attempt >= MAX_ATTEMPTS) throw err
    }
  }
}

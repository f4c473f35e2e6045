import { BadRequestError, PreconditionFailedError } from '../errors.js'

/** A version as an ETag, so clients can send it back in If-Match / If-None-Match. */
export const etagOf = (version: number) => `"${version}"`

/** `3`, `"3"` or `W/"3"`: what clients send back from a version or an ETag. */
export function parseIfMatch(header: string | undefined, entity: string): number | undefined {
  if (header === undefined) return undefined
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)
  if (!match) throw new BadRequestError(`if-match: must be a ${entity} version such as "3", got ${JSON.stringify(header)}`)
  return Number(match[1])
}

/**
 * The one If-Match check of every versioned entity: a stale version is 412 (RFC 9110 §13.1.1),
 * so two admins never overwrite each other; 409 stays for "already exists" and "in use".
 */
export function assertVersion(entity: string, id: string, current: number, expected: number | undefined): void {
  if (expected === undefined || expected === current) return
  throw new PreconditionFailedError(`the ${entity} "${id}" is at version ${current}, not ${expected}; read it again and reapply your change`)
}

/**
 * RFC 9110 weak comparison, as If-None-Match asks for: a list of tags, each maybe `W/`-prefixed
 * (proxies that compress a response weaken its ETag), or `*`.
 */
export function ifNoneMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  const strong = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => {
    const candidate = tag.trim()
    return candidate === '*' || candidate.replace(/^W\//, '') === strong
  })
}

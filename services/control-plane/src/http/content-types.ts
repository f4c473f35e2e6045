/**
 * Bodies are JSON, whatever else a request declares, and one that is not is refused with a
 * 415 naming its type before any route runs, so it changes nothing.
 *
 * Two exceptions keep plain curl working. `curl -d '{...}'` without `-H` sends the JSON with
 * `Content-Type: application/x-www-form-urlencoded`; a body in that type that is a JSON
 * document (it starts with `{` or `[`, which a form encoder always percent-encodes) is read
 * as JSON, while a real form body (`reason=x&featureKey=y`) is refused. A body with no
 * Content-Type at all is read as JSON too: nothing declared, nothing contradicted.
 * `application/*+json` types (`application/merge-patch+json`) are JSON by RFC 6839.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { SluiceError } from '../errors.js'
import { rejectNul } from './nul-characters.js'

type Done = (err: Error | null, body?: unknown) => void

export class UnsupportedMediaTypeError extends SluiceError {
  constructor(contentType: string) {
    super('SLUICE_UNSUPPORTED_MEDIA_TYPE', 415, `Content-Type ${contentType} is not supported: send the body as JSON with Content-Type: application/json`)
  }
}

/** RFC 6839 structured syntax suffix: `application/<anything>+json`, with or without parameters. */
const JSON_SUFFIX = /^application\/[^\s;/]+\+json\s*(;|$)/

/** The declared media type without its parameters, for the message. */
function mediaType(request: FastifyRequest): string {
  return String(request.headers['content-type']).split(';')[0]!.trim().toLowerCase()
}

/** Hands a parsed body on, unless it holds a NUL: looked for only when the text encodes one. */
function handOn(text: string, parsed: unknown, done: Done): void {
  try {
    if (text.includes('\\u0000')) rejectNul(parsed, 'body')
  } catch (err) {
    return done(err as Error)
  }
  done(null, parsed)
}

/** The JSON parser every JSON type shares; the client routes give it `text/plain` too (sendBeacon's type). */
export function jsonBodyParser(app: FastifyInstance): (request: FastifyRequest, body: string | Buffer, done: Done) => void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  // `curl -X POST -H 'content-type: application/json' .../chaos-rules/halt` sends no body; for
  // a route whose body is optional that is the same as none, and mid-incident it must work.
  // Routes that need a body still answer 400 ("body must be object").
  const readJson = (request: FastifyRequest, body: string | Buffer, done: Done) => {
    const text = String(body)
    if (text.trim() === '') return done(null, undefined)
    void parseJson(request, text, (err, parsed) => (err ? done(err) : handOn(text, parsed, done)))
  }
  return readJson
}

export function registerContentTypes(app: FastifyInstance): void {
  const readJson = jsonBodyParser(app)
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'string' }, readJson)
  app.addContentTypeParser(JSON_SUFFIX, { parseAs: 'string' }, readJson)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body).trimStart()
    // Empty (`curl -X POST -d ''`) is no body at all, as for JSON: nothing to misread.
    if (text === '' || text.startsWith('{') || text.startsWith('[')) return readJson(request, text, done)
    done(new UnsupportedMediaTypeError(mediaType(request)))
  })
  // Every other type, and a body with no type at all.
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if (request.headers['content-type'] === undefined) return readJson(request, body, done)
    done(new UnsupportedMediaTypeError(mediaType(request)))
  })
}

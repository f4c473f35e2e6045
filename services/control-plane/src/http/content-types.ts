import type { FastifyInstance } from 'fastify'
import { rejectNul } from './nul-characters.js'

type Done = (err: Error | null, body?: unknown) => void

/** Hands a parsed body on, unless it holds a NUL: looked for only when the text encodes one. */
function handOn(text: string, parsed: unknown, done: Done): void {
  try {
    if (text.includes('\\u0000') || text.includes('%00')) rejectNul(parsed, 'body')
  } catch (err) {
    return done(err as Error)
  }
  done(null, parsed)
}

/**
 * The seed documents `curl -d '{...}'` without a Content-Type header, which curl sends as
 * application/x-www-form-urlencoded. A JSON object in such a body is read as JSON, so the
 * seed's commands work as written; real form bodies are read as forms.
 */
export function registerContentTypes(app: FastifyInstance): void {
  // `curl -X POST -H 'content-type: application/json' .../chaos-rules/halt` sends no body; for
  // a route whose body is optional that is the same as none, and mid-incident it must work.
  // Routes that need a body still answer 400 ("body must be object").
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body)
    if (text.trim() === '') return done(null, undefined)
    parseJson(request, text, (err, parsed) => (err ? done(err) : handOn(text, parsed, done)))
  })
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim()
    if (text.startsWith('{') || text.startsWith('[')) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return done(badRequest('Body is not valid JSON (sent as application/x-www-form-urlencoded; use Content-Type: application/json)'), undefined)
      }
      return handOn(text, parsed, done)
    }
    handOn(text, Object.fromEntries(new URLSearchParams(text)), done)
  })
}

function badRequest(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 400 })
}

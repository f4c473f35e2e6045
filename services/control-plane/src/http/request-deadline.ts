/**
 * No request may wait indefinitely on a database that stopped answering without closing its
 * connections (a stopped process, a network path that drops packets): past its deadline a
 * request is answered 503. Writes answer earlier, at their own deadline (platform/mutator.ts),
 * so this catches reads and token lookups. Once the answer is sent, Fastify runs none of the
 * request's later stages, so a request answered here never reaches its handler afterwards.
 *
 * Fastify's own `handlerTimeout` would do this, but its clock also runs while the client
 * uploads its body, cutting a slow upload short. Here the clock runs only while the service
 * works: from the start of the request to the body (authentication), and from the parsed body
 * on. A hijacked response (the SSE stream) counts as sent and is never cut.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DatabaseUnavailableError } from '../errors.js'

export function registerRequestDeadline(app: FastifyInstance, deadlineMs: number): void {
  const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>()
  const disarm = async (request: FastifyRequest) => {
    clearTimeout(timers.get(request))
  }
  const arm = async (request: FastifyRequest, reply: FastifyReply) => {
    const timer = setTimeout(() => {
      if (!reply.sent) reply.send(new DatabaseUnavailableError(`no answer within ${deadlineMs} ms; the request was abandoned`))
    }, deadlineMs)
    timers.set(request, timer)
  }
  app.addHook('onRequest', arm)
  app.addHook('preParsing', disarm)
  app.addHook('preValidation', arm)
  app.addHook('onResponse', disarm)
}

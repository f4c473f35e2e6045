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
 *
 * A timer per request (armed twice, cleared twice) cost about as much as a bare route's
 * handler. Every request has the same budget, so requests are kept in the order their clocks
 * started (a Map keeps insertion order, and re-arming moves a request to the end), and one
 * timer sweeps the head of that queue a few times per deadline: a request is answered at most
 * one sweep interval late, which against a deadline of seconds nobody can tell.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { DatabaseUnavailableError } from '../errors.js'

/** Sweeps per deadline, so a request overruns its deadline by at most this fraction of it. */
const SWEEPS_PER_DEADLINE = 20

export function registerRequestDeadline(app: FastifyInstance, deadlineMs: number): void {
  /** Replies whose clock runs, with when it runs out, oldest first. */
  const due = new Map<FastifyReply, number>()
  let sweeper: NodeJS.Timeout | undefined

  const sweep = () => {
    const now = performance.now()
    for (const [reply, at] of due) {
      if (at > now) break
      due.delete(reply)
      if (!reply.sent) reply.send(new DatabaseUnavailableError(`no answer within ${deadlineMs} ms; the request was abandoned`))
    }
    if (due.size > 0) return
    clearInterval(sweeper)
    sweeper = undefined
  }
  const arm = (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    due.delete(reply)
    due.set(reply, performance.now() + deadlineMs)
    sweeper ??= setInterval(sweep, Math.max(1, deadlineMs / SWEEPS_PER_DEADLINE))
    done()
  }
  const disarm = (_request: FastifyRequest, reply: FastifyReply) => {
    due.delete(reply)
  }
  app.addHook('onRequest', arm)
  app.addHook('preParsing', (request, reply, payload, done) => {
    disarm(request, reply)
    done(null, payload)
  })
  app.addHook('preValidation', arm)
  app.addHook('onResponse', (request, reply, done) => {
    disarm(request, reply)
    done()
  })
  app.addHook('onClose', (_instance, done) => {
    clearInterval(sweeper)
    due.clear()
    done()
  })
}

/**
 * Node's `server.close()` closes the keep-alive connections that are idle when it is called,
 * and only those. A connection still serving a request then goes idle after answering and
 * stays open for the keep-alive timeout (72 s in Fastify), holding `close()`, and with it the
 * process, past its shutdown grace (fastify/fastify#7044). So once closing begins, answers
 * say `Connection: close`, and a connection that goes idle afterwards is closed at once
 * (it may have promised keep-alive before closing began).
 */
import type { FastifyInstance } from 'fastify'

export function endKeepAliveOnClose(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
  app.addHook('onResponse', async () => {
    if (closing) app.server.closeIdleConnections()
  })
}

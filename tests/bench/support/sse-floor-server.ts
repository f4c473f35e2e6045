/**
 * The floor for stream fan-out: a bare `node:http` SSE server that does nothing but hold
 * connections and write the bytes it is given to every one of them. Whatever a real service
 * adds (a write transaction, the change feed, projecting and serialising the change,
 * bookkeeping per client) shows as the distance from this. Run as a child process
 * (child-script.ts) with `--expose-gc` in its execArgv, so memory readings follow a full GC.
 *
 *   GET  any path       an SSE stream: `retry`, then the snapshot frame it was started with
 *   POST /broadcast     writes the request body (one SSE frame), encoded once, to every open
 *                       stream, then answers 204
 *
 * IPC: → { type: 'listening', port }; ← { type: 'gc' } → { type: 'gc-done', rss, heapUsed }.
 */
import http from 'node:http'

const snapshotFrame = process.argv[2] ?? 'event: snapshot\nid: 0\ndata: {}\n\n'
const streams = new Set<http.ServerResponse>()

const server = http.createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/broadcast') {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const frame = Buffer.concat(chunks)
      for (const stream of streams) stream.write(frame)
      response.writeHead(204).end()
    })
    return
  }
  request.socket.setNoDelay(true)
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  response.write(`retry: 2000\n\n${snapshotFrame}`)
  streams.add(response)
  response.on('close', () => streams.delete(response))
})
server.keepAliveTimeout = 0
server.requestTimeout = 0
server.headersTimeout = 0

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.send!({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 })
})

process.on('message', (message: { type: string }) => {
  if (message.type !== 'gc') return
  globalThis.gc!()
  setTimeout(() => {
    const { rss, heapUsed } = process.memoryUsage()
    process.send!({ type: 'gc-done', rss, heapUsed })
  }, 500)
})
process.once('SIGTERM', () => process.exit(0))
process.once('disconnect', () => process.exit(0))

import { createServer, type IncomingMessage, type Server } from 'node:http'

export interface ReceivedWebhook {
  headers: IncomingMessage['headers']
  body: string
}

export interface WebhookReceiver {
  url: string
  received: ReceivedWebhook[]
  close(): Promise<void>
}

/** A loopback HTTP endpoint that records webhook deliveries and answers with the given statuses in turn. */
export async function startWebhookReceiver(statuses: number[] = [200]): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  let calls = 0
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.statusCode = statuses[Math.min(calls++, statuses.length - 1)]!
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/hooks/sluice`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

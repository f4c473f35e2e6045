/**
 * A deployer as a team would write one, on loopback: it checks Sluice's signature, answers
 * each attempt as scripted (fail, slow, ok or never), acts once per delivery id however often
 * the same request arrives, and reports the outcome back through `callBack`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'

export type Answer = 'fail' | 'slow' | 'ok' | 'never'

export interface DeployerRequest {
  headers: IncomingHttpHeaders
  body: Record<string, unknown>
  verified: boolean
}

export interface LocalDeployer {
  url: string
  received: DeployerRequest[]
  /** Delivery ids acted on, each once. */
  applied: string[]
  close(): Promise<void>
}

export interface LocalDeployerOptions {
  secret: string
  /** One answer per attempt; the last repeats. */
  answers: Answer[]
  slowMs?: number
  /** Called once per delivery, after an answer Sluice received (ok): the deployer reports back. */
  callBack?: (request: DeployerRequest) => Promise<void>
}

function verify(secret: string, header: string | string[] | undefined, body: string): boolean {
  const match = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null
  if (!match) return false
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest()
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))
}

export async function startLocalDeployer(options: LocalDeployerOptions): Promise<LocalDeployer> {
  const received: DeployerRequest[] = []
  const applied: string[] = []
  const calledBack = new Set<string>()
  const answer = (res: ServerResponse, status: number) => {
    res.statusCode = status
    res.end()
  }
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      const request = { headers: req.headers, body: JSON.parse(raw) as Record<string, unknown>, verified: verify(options.secret, req.headers['x-sluice-signature'], raw) }
      const scripted = options.answers[Math.min(received.length, options.answers.length - 1)]!
      received.push(request)
      if (!request.verified) return answer(res, 401)
      if (scripted === 'never') return
      if (scripted === 'fail') return answer(res, 503)
      const delivery = String(req.headers['x-sluice-delivery'])
      if (!applied.includes(delivery)) applied.push(delivery)
      if (scripted === 'slow') return void setTimeout(() => answer(res, 202), options.slowMs ?? 1_000)
      answer(res, 202)
      if (options.callBack && !calledBack.has(delivery) && request.body.event !== 'deployer.test') {
        calledBack.add(delivery)
        void options.callBack(request)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/sluice/rollback`,
    received,
    applied,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * A loopback TCP proxy a test can cut and restore, to take a real Redis or Postgres "down"
 * for one app without touching the server other tests share. It can also freeze: connections
 * stay open and new ones are accepted, but no byte moves either way, which is what a client
 * sees of a server stopped with SIGSTOP or a network path that silently drops packets.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  url(protocol: string): string
  port: number
  /** Drops every connection and refuses new ones. */
  cut(): Promise<void>
  restore(): Promise<void>
  /** Stops forwarding bytes, in both directions, without closing anything. */
  freeze(): void
  /** Forwards again, starting with whatever piled up while frozen. */
  thaw(): void
  close(): Promise<void>
}

interface Link {
  client: Socket
  upstream: Socket
}

function flow({ client, upstream }: Link): void {
  client.pipe(upstream)
  upstream.pipe(client)
}

// Paused sockets leave data in the kernel's buffers, as a stopped process does.
function stall({ client, upstream }: Link): void {
  client.unpipe(upstream)
  upstream.unpipe(client)
  client.pause()
  upstream.pause()
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const links = new Set<Link>()
  let server: Server | undefined
  let port = 0
  let frozen = false

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const link = { client, upstream: connect(targetPort, targetHost) }
        links.add(link)
        for (const socket of [link.client, link.upstream]) socket.on('error', () => socket.destroy())
        client.on('close', () => link.upstream.destroy())
        link.upstream.on('close', () => {
          client.destroy()
          links.delete(link)
        })
        if (frozen) stall(link)
        else flow(link)
      })
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => {
        const address = s.address()
        port = typeof address === 'object' && address ? address.port : port
        server = s
        resolve()
      })
    })

  const stop = () =>
    new Promise<void>((resolve) => {
      for (const { client, upstream } of links) {
        client.destroy()
        upstream.destroy()
      }
      if (!server) return resolve()
      server.close(() => resolve())
      server = undefined
    })

  await listen()
  return {
    get port() {
      return port
    },
    url: (protocol) => `${protocol}//127.0.0.1:${port}`,
    cut: stop,
    restore: listen,
    freeze() {
      frozen = true
      for (const link of links) stall(link)
    },
    thaw() {
      frozen = false
      for (const link of links) flow(link)
    },
    close: stop,
  }
}

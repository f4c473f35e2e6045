/**
 * Just enough of the control plane's SDK endpoints, over real HTTP on loopback, to drive the
 * real SDK client through the states the provider reports: `GET /api/v1/sdk/stream` (a
 * snapshot, then whatever the test publishes) and `GET /api/v1/sdk/state`. Tests drop the open
 * streams, and switch the service to answering 503, so reconnection attempts fail.
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SdkFlag, Snapshot } from '@sluice/sdk'

export class FakeControlPlane {
  /** When false, the stream and the state answer 503. */
  available = true
  private readonly streams = new Set<ServerResponse>()
  private readonly flags = new Map<string, SdkFlag>()
  private seq: number

  private constructor(
    private readonly server: Server,
    readonly url: string,
    snapshot: Snapshot,
  ) {
    this.seq = snapshot.seq
    for (const flag of snapshot.flags) this.flags.set(flag.key, flag)
  }

  static async start(snapshot: Snapshot): Promise<FakeControlPlane> {
    let plane: FakeControlPlane | undefined
    const server = createServer((req, res) => plane!.handle(req.url ?? '', res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    plane = new FakeControlPlane(server, `http://127.0.0.1:${port}`, snapshot)
    return plane
  }

  /** Sends a `flag.upserted` event to every open stream (and keeps it for later snapshots). */
  publish(flag: SdkFlag): void {
    this.seq++
    this.flags.set(flag.key, flag)
    const frame = `event: flag.upserted\nid: ${this.seq}\ndata: ${JSON.stringify({ seq: this.seq, ...flag })}\n\n`
    for (const stream of this.streams) stream.write(frame)
  }

  /** Writes raw bytes to every open stream: for events the SDK must reject. */
  sendRaw(frame: string): void {
    for (const stream of this.streams) stream.write(frame)
  }

  /** Ends every open stream, as a deploy or a proxy would. */
  drop(): void {
    for (const stream of this.streams) stream.end()
    this.streams.clear()
  }

  get openStreams(): number {
    return this.streams.size
  }

  async close(): Promise<void> {
    this.drop()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private snapshot(): Snapshot {
    return { seq: this.seq, flags: [...this.flags.values()], canaries: [], chaosRules: [] }
  }

  private handle(url: string, res: ServerResponse): void {
    if (!this.available) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"statusCode":503,"error":"Service Unavailable","message":"down for the test"}')
      return
    }
    if (url.startsWith('/api/v1/sdk/stream')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      res.write(`retry: 10\nevent: snapshot\nid: ${this.seq}\ndata: ${JSON.stringify(this.snapshot())}\n\n`)
      this.streams.add(res)
      res.on('close', () => this.streams.delete(res))
      return
    }
    if (url.startsWith('/api/v1/sdk/state')) {
      res.writeHead(200, { 'content-type': 'application/json', etag: `"${this.seq}"` }).end(JSON.stringify(this.snapshot()))
      return
    }
    res.writeHead(404).end()
  }
}

/** Reads what a running replica says about itself: memory (from /proc and /metrics), stream count. */
import { request } from 'undici'
import type { ServiceProcess } from '../../support/service-process.js'
import { collectGarbage, inspectorUrl } from './inspector.js'
import { rssBytes } from './proc.js'

export interface MemoryReading {
  rss: number
  heapUsed: number
}

async function metrics(service: ServiceProcess): Promise<string> {
  const res = await request(`${service.url}/metrics`)
  return res.body.text()
}

function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)
  return match ? Number(match[1]) : Number.NaN
}

export async function memoryOf(service: ServiceProcess): Promise<MemoryReading> {
  const text = await metrics(service)
  return { rss: rssBytes(service.child.pid!), heapUsed: gauge(text, 'sluice_nodejs_heap_size_used_bytes') }
}

export async function openStreams(service: ServiceProcess): Promise<number> {
  return gauge(await metrics(service), 'sluice_sse_clients')
}

/** Memory after a full GC in the service (it must run with INSPECT_OPTION) and a short pause. */
export async function settledMemoryOf(service: ServiceProcess): Promise<MemoryReading> {
  await collectGarbage(inspectorUrl(service.stderr()))
  await new Promise((resolve) => setTimeout(resolve, 500))
  return memoryOf(service)
}

/** Opens a few streams and reads their snapshot, so the stream path is compiled before memory is read. */
export async function warmStreams(url: string, token: string): Promise<void> {
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      const controller = new AbortController()
      const res = await fetch(`${url}/api/v1/sdk/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
      const reader = res.body!.getReader()
      let text = ''
      while (!text.includes('event: snapshot')) {
        const { done, value } = await reader.read()
        if (done) throw new Error(`the stream at ${url} ended before its snapshot`)
        text += new TextDecoder().decode(value)
      }
      controller.abort()
    }),
  )
}

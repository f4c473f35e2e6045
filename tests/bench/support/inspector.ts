/**
 * A Chrome DevTools Protocol session with another Node.js process through its inspector:
 * forced garbage collection before memory readings, and CPU profiles of a chosen window.
 * The process must run with INSPECT_OPTION; its stderr names the WebSocket URL.
 *
 * (`--cpu-prof` is not allowed in NODE_OPTIONS on Node.js 20, and the inspector lets a
 * bench profile only the measured window, not start-up.)
 */
import { writeFile } from 'node:fs/promises'
import { WebSocket } from 'undici'

export const INSPECT_OPTION = '--inspect=127.0.0.1:0'

export function inspectorUrl(stderr: string): string {
  const match = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)
  if (!match) throw new Error('the process has no inspector (start it with --inspect=127.0.0.1:0)')
  return match[1]!
}

export class InspectorSession {
  private nextId = 1
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>()

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } }
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id)
      if (!waiter) return
      this.pending.delete(message.id!)
      if (message.error) waiter.reject(new Error(message.error.message))
      else waiter.resolve(message.result)
    })
    ws.addEventListener('close', () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error('inspector connection closed'))
      this.pending.clear()
    })
  }

  static async open(url: string): Promise<InspectorSession> {
    const ws = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true })
      ws.addEventListener('error', () => reject(new Error(`inspector connection to ${url} failed`)), { once: true })
    })
    return new InspectorSession(ws)
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${method}: no answer from the inspector`))
      }, timeoutMs)
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer)
          resolve(value as T)
        },
        reject: (err) => {
          clearTimeout(timer)
          reject(err)
        },
      })
      this.ws.send(JSON.stringify({ id, method, params }))
    })
  }

  close(): void {
    this.ws.close()
  }
}

/** A full garbage collection in the process behind `url`. */
export async function collectGarbage(url: string): Promise<void> {
  const session = await InspectorSession.open(url)
  try {
    await session.call('HeapProfiler.collectGarbage')
  } finally {
    session.close()
  }
}

export interface CpuProfiler {
  /** Stops profiling and writes the .cpuprofile (readable by Chrome DevTools and cpu-profile.ts). */
  stop(file: string): Promise<void>
}

/** Starts sampling the CPU of the process behind `url` (every 100 µs by default). */
export async function startCpuProfile(url: string, intervalUs = 100): Promise<CpuProfiler> {
  const session = await InspectorSession.open(url)
  await session.call('Profiler.enable')
  await session.call('Profiler.setSamplingInterval', { interval: intervalUs })
  await session.call('Profiler.start')
  return {
    async stop(file) {
      try {
        const { profile } = await session.call<{ profile: unknown }>('Profiler.stop')
        await writeFile(file, JSON.stringify(profile))
      } finally {
        session.close()
      }
    },
  }
}

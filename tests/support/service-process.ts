/**
 * Starts the built control plane (services/control-plane/dist/server.js) as a real process on
 * a loopback port, the way an operator runs it. Cross-package tests use it for restarts,
 * several replicas and kill/resume drills.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const SERVER = fileURLToPath(new URL('../../services/control-plane/dist/server.js', import.meta.url))

export interface ServiceProcess {
  url: string
  port: number
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/** Starts the service and waits until /readyz says ready (or the process dies). */
export async function startService(env: Record<string, string>, options: { port?: number; timeoutMs?: number } = {}): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort())
  let out = ''
  let err = ''
  const child = spawn(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  const service: ServiceProcess = {
    url,
    port,
    child,
    stdout: () => out,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exitOf(child)
    },
  }
  // A first start creates and migrates a database; on a shared 2-core machine that can take a minute.
  const deadline = Date.now() + (options.timeoutMs ?? 90_000)
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${err || out}`)
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false)
    if (ready) return service
    await new Promise((r) => setTimeout(r, 100))
  }
  await service.stop('SIGKILL')
  throw new Error(`service did not become ready: ${err || out}`)
}

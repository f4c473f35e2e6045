/**
 * Runs a TypeScript file under tests/bench/support as its own Node.js process (through tsx's
 * loader) with an IPC channel, so a server or a client fleet never shares the bench's event
 * loop. Messages are plain JSON objects with a `type`.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

export interface ChildMessage {
  type: string
  [field: string]: unknown
}

export interface ScriptProcess {
  child: ChildProcess
  send(message: ChildMessage): void
  /** The next message of this type (rejects if the process exits first or on timeout). */
  next<T extends ChildMessage>(type: string, timeoutMs?: number): Promise<T>
  /** Every message of this type, as it comes. */
  on<T extends ChildMessage>(type: string, listener: (message: T) => void): void
  stop(): Promise<void>
}

/** `nodeOptions`: more Node.js options for the child (e.g. `--expose-gc`). */
export function startScript(file: string, args: string[] = [], nodeOptions: string[] = []): ScriptProcess {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    execArgv: [...nodeOptions, '--import', tsxLoader],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const listeners = new Map<string, Set<(message: ChildMessage) => void>>()
  child.on('message', (message: ChildMessage) => {
    for (const listener of listeners.get(message.type) ?? []) listener(message)
  })
  const on = (type: string, listener: (message: ChildMessage) => void) => {
    if (!listeners.has(type)) listeners.set(type, new Set())
    listeners.get(type)!.add(listener)
    return () => listeners.get(type)!.delete(listener)
  }
  return {
    child,
    send: (message) => child.send(message),
    on: on as ScriptProcess['on'],
    next<T extends ChildMessage>(type: string, timeoutMs = 60_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const done = () => {
          off()
          clearTimeout(timer)
          child.off('exit', exited)
        }
        const off = on(type, (message) => {
          done()
          resolve(message as T)
        })
        const exited = (code: number | null) => {
          done()
          reject(new Error(`${file} exited (${code}) before sending "${type}"`))
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`${file} sent no "${type}" within ${timeoutMs} ms`))
        }, timeoutMs)
        child.once('exit', exited)
      })
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}

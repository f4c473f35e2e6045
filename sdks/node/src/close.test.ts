/**
 * close() must leave nothing that keeps the process alive: no socket, no timer. Only a real
 * process can tell, so each case runs a child that creates a client, closes it, and must then
 * exit on its own within a second.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { flag } from './test-support/fake-control-plane.js'
import { deadUrl, startFake } from './test-support/harness.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const child = path.join(here, 'test-support', 'close-child.ts')

interface Run {
  closed: boolean
  exitCode: number | null
  /** From the child printing "closed" to its exit. */
  lingerMs: number
  stderr: string
}

function run(args: string[], deadlineMs = 5_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      cwd: path.resolve(here, '..'),
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(here, 'test-support', 'child-tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let closedAt: number | undefined
    let stderr = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      if (closedAt === undefined && chunk.toString().includes('closed')) closedAt = Date.now()
    })
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const killer = setTimeout(() => proc.kill('SIGKILL'), deadlineMs)
    proc.on('error', reject)
    proc.on('exit', (exitCode) => {
      clearTimeout(killer)
      const now = Date.now()
      resolve({ closed: closedAt !== undefined, exitCode, lingerMs: closedAt === undefined ? Infinity : now - closedAt, stderr })
    })
  })
}

/**
 * Shorter than any handle close() could leave open, which would keep the process alive for
 * 10 s (the SDK's keep-alive sockets and its poll timer). Not a speed bound: on a loaded shared
 * machine a clean exit has been seen to take just over a second.
 */
const LEFT_OPEN_MS = 3_000

describe('close()', () => {
  it('lets the process exit after closing a client whose control plane is down', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-close-'))
    try {
      const result = await run(['dead', await deadUrl(), path.join(dir, 'cache.json')])
      expect(result.stderr).toBe('')
      expect(result).toMatchObject({ closed: true, exitCode: 0 })
      expect(result.lingerMs).toBeLessThan(LEFT_OPEN_MS)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('lets the process exit after closing a client with an open stream', async () => {
    const fake = await startFake({ flags: [flag('a')], pingMs: 100 })
    const result = await run(['streaming', fake.url])
    expect(result.stderr).toBe('')
    expect(result).toMatchObject({ closed: true, exitCode: 0 })
    expect(result.lingerMs).toBeLessThan(LEFT_OPEN_MS)
    expect(fake.streamRequests()).toHaveLength(1)
  })
})

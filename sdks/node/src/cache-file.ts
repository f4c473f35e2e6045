/**
 * The last state from the control plane, kept on disk so a restart while the control plane is
 * unreachable starts from what the service last saw rather than from nothing. The file holds a
 * plain snapshot, the same JSON `/sdk/state` answers, so it also works as a `bootstrap` file.
 *
 * Writes are debounced (a burst of stream events costs one write) and atomic: the JSON goes
 * to a temporary file in the same directory, then `rename` replaces the old one, so a crash
 * mid-write never leaves a truncated cache for the next start to choke on.
 */
import { readFileSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Snapshot } from '@sluice/core'
import { CacheFileError } from './errors.js'
import { parseJson, toSnapshot } from './wire.js'

export const CACHE_WRITE_DELAY_MS = 250

let tmpCounter = 0

export class CacheFile {
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> | undefined
  private dirty = false
  private state: (() => Snapshot) | undefined

  constructor(
    readonly file: string,
    private readonly onError: (error: CacheFileError) => void,
    private readonly delayMs = CACHE_WRITE_DELAY_MS,
  ) {}

  /** The cached snapshot; undefined when there is no file yet. Throws CacheFileError when it is unreadable. */
  read(): Snapshot | undefined {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new CacheFileError(`cacheFile ${this.file}: cannot read it (${(err as Error).message})`, { cause: err })
    }
    try {
      return toSnapshot(parseJson(text, `cacheFile ${this.file}`), `cacheFile ${this.file}`)
    } catch (err) {
      throw new CacheFileError((err as Error).message, { cause: err })
    }
  }

  /** As read(), but an unreadable file goes to the error callback and reads as no file. */
  readReporting(): Snapshot | undefined {
    try {
      return this.read()
    } catch (error) {
      this.onError(error as CacheFileError)
      return undefined
    }
  }

  /** Writes `state()` soon; calls within the delay coalesce. */
  schedule(state: () => Snapshot): void {
    this.state = state
    this.dirty = true
    if (this.timer !== undefined || this.writing !== undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.write()
    }, this.delayMs)
    this.timer.unref()
  }

  /** Writes a pending state now and waits for every write to finish. */
  async flush(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.dirty || this.writing !== undefined) await this.write()
  }

  private write(): Promise<void> {
    this.writing ??= (async () => {
      while (this.dirty && this.state !== undefined) {
        this.dirty = false
        await this.writeOnce(JSON.stringify(this.state()))
      }
    })().finally(() => {
      this.writing = undefined
    })
    return this.writing
  }

  private async writeOnce(json: string): Promise<void> {
    const tmp = `${this.file}.${process.pid}.${++tmpCounter}.tmp`
    try {
      await mkdir(path.dirname(this.file), { recursive: true })
      await writeFile(tmp, json, { mode: 0o600 })
      await rename(tmp, this.file)
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => {})
      this.onError(new CacheFileError(`cacheFile ${this.file}: cannot write it (${(err as Error).message})`, { cause: err }))
    }
  }
}

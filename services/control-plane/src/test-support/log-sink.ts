import { Writable } from 'node:stream'

/** A stream a test hands to pino, keeping each line it writes to look through afterwards. */
export function logSink(): { stream: Writable; lines: string[] } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  return { stream, lines }
}

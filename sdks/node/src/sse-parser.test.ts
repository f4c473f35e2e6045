import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type SseEvent, SseParser } from './sse-parser.js'

interface Parsed {
  events: SseEvent[]
  comments: string[]
  retries: number[]
}

function parse(chunks: (string | Uint8Array)[]): Parsed {
  const parsed: Parsed = { events: [], comments: [], retries: [] }
  const parser = new SseParser({
    event: (e) => parsed.events.push(e),
    comment: (c) => parsed.comments.push(c),
    retry: (ms) => parsed.retries.push(ms),
  })
  for (const chunk of chunks) parser.feed(chunk)
  parser.end()
  return parsed
}

const bytes = (text: string) => new TextEncoder().encode(text)

/** A stream exercising most of the grammar, with multi-byte characters to split inside. */
const STREAM = [
  '\uFEFFretry: 1500\r\n',
  ': ping\r\n',
  '\r\n',
  'event: snapshot\r\nid: 7\r\ndata: {"seq":7,"flags":[{"key":"zürich-☃"}]}\r\n\r\n',
  'event: flag.upserted\nid: 8\ndata: {"seq":8,\ndata: "key":"😀"}\n\n',
  'event: chaos.deleted\rid: 9\rdata:{"seq":9,"id":"r1"}\r\r',
  ': comment with a colon: inside\n',
  'data\n\n',
].join('')

const EXPECTED: Parsed = {
  events: [
    { type: 'snapshot', data: '{"seq":7,"flags":[{"key":"zürich-☃"}]}', lastEventId: '7' },
    { type: 'flag.upserted', data: '{"seq":8,\n"key":"😀"}', lastEventId: '8' },
    { type: 'chaos.deleted', data: '{"seq":9,"id":"r1"}', lastEventId: '9' },
    { type: 'message', data: '', lastEventId: '9' },
  ],
  comments: [' ping', ' comment with a colon: inside'],
  retries: [1500],
}

describe('SseParser', () => {
  it('reads events, comments and retry from one chunk, with LF, CRLF and CR line ends', () => {
    expect(parse([STREAM])).toEqual(EXPECTED)
    expect(parse([bytes(STREAM)])).toEqual(EXPECTED)
  })

  it('gives the same result however the bytes are split, at every single boundary', () => {
    const all = bytes(STREAM)
    for (let cut = 0; cut <= all.length; cut++) {
      expect(parse([all.subarray(0, cut), all.subarray(cut)]), `cut at byte ${cut}`).toEqual(EXPECTED)
    }
  })

  it('gives the same result when fed one byte at a time', () => {
    const all = bytes(STREAM)
    expect(parse(Array.from(all, (_, i) => all.subarray(i, i + 1)))).toEqual(EXPECTED)
  })

  it('gives the same result for any split into many chunks', () => {
    const all = bytes(STREAM)
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: all.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), all.length]
        const chunks = points.slice(1).map((end, i) => all.subarray(points[i], end))
        expect(parse(chunks)).toEqual(EXPECTED)
      }),
    )
  })

  it('treats a CR ending one chunk and an LF starting the next as one line break', () => {
    const { events } = parse(['data: a\r', '\ndata: b\r', '\n\r', '\n'])
    expect(events).toEqual([{ type: 'message', data: 'a\nb', lastEventId: '' }])
  })

  it('does not dispatch an event with no data line, and resets its type', () => {
    const { events } = parse(['event: flag.upserted\nid: 3\n\ndata: x\n\n'])
    expect(events).toEqual([{ type: 'message', data: 'x', lastEventId: '3' }])
  })

  it('removes exactly one space after the colon, and reads a line without a colon as a field with an empty value', () => {
    const { events } = parse(['data:  two spaces\ndata:none\ndata\n\n'])
    expect(events).toEqual([{ type: 'message', data: ' two spaces\nnone\n', lastEventId: '' }])
  })

  it('keeps the last event id across events, ignores an id holding NUL, and lets an empty id clear it', () => {
    const { events } = parse(['id: 5\ndata: a\n\ndata: b\n\nid: 6\0x\ndata: c\n\nid\ndata: d\n\n'])
    expect(events.map((e) => e.lastEventId)).toEqual(['5', '5', '5', ''])
  })

  it('accepts retry only when it is all digits', () => {
    const { retries } = parse(['retry: 250\nretry: 1e3\nretry: -5\nretry: 12ms\nretry:\nretry: 0\n\n'])
    expect(retries).toEqual([250, 0])
  })

  it('ignores unknown fields', () => {
    const { events } = parse(['foo: bar\nevent: x\nEvent: y\ndata: 1\n\n'])
    expect(events).toEqual([{ type: 'x', data: '1', lastEventId: '' }])
  })

  it('discards an event the stream ended in the middle of', () => {
    const { events } = parse(['data: complete\n\ndata: cut off\n'])
    expect(events).toEqual([{ type: 'message', data: 'complete', lastEventId: '' }])
  })

  it('keeps a large event that arrives in many chunks intact', () => {
    const big = JSON.stringify({ seq: 1, flags: Array.from({ length: 5000 }, (_, i) => ({ key: `flag-${i}` })) })
    const text = bytes(`event: snapshot\ndata: ${big}\n\n`)
    const chunks: Uint8Array[] = []
    for (let i = 0; i < text.length; i += 1000) chunks.push(text.subarray(i, i + 1000))
    const { events } = parse(chunks)
    expect(events).toHaveLength(1)
    expect(events[0]!.data).toBe(big)
  })
})

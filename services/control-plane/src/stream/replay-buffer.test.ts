import { describe, expect, it } from 'vitest'
import { ReplayBuffer } from './replay-buffer.js'

const frame = (seq: number, bytes = 10) => Buffer.from(String(seq).padEnd(bytes, '.'))
const seqs = (frames: Buffer[] | undefined) => frames?.map((f) => Number.parseInt(f.toString(), 10))

describe('the replay buffer', () => {
  it('gives the frames after a seq it covers, and nothing it cannot vouch for', () => {
    const buffer = new ReplayBuffer(10, 100, 1_000)
    for (const seq of [11, 12, 14, 15]) buffer.append(seq, frame(seq))
    expect(seqs(buffer.after(10))).toEqual([11, 12, 14, 15])
    expect(seqs(buffer.after(13))).toEqual([14, 15])
    expect(seqs(buffer.after(15))).toEqual([])
    // Before `from`: changes it never held may exist.
    expect(buffer.after(9)).toBeUndefined()
  })

  it('drops the oldest frames beyond its count or byte bound, and moves `from` past them', () => {
    const byCount = new ReplayBuffer(0, 3, 1_000_000)
    for (let seq = 1; seq <= 5000; seq++) byCount.append(seq, frame(seq))
    expect(byCount.from).toBe(4997)
    expect(seqs(byCount.after(4997))).toEqual([4998, 4999, 5000])
    expect(byCount.after(4996)).toBeUndefined()

    const byBytes = new ReplayBuffer(0, 100, 25)
    for (let seq = 1; seq <= 4; seq++) byBytes.append(seq, frame(seq))
    expect(seqs(byBytes.after(byBytes.from))).toEqual([3, 4])
    // One frame larger than the bound is still kept: the newest change must be replayable.
    byBytes.append(5, frame(5, 100))
    expect(seqs(byBytes.after(4))).toEqual([5])
  })

  it('forgets everything on reset', () => {
    const buffer = new ReplayBuffer(0, 10, 1_000)
    buffer.append(1, frame(1))
    buffer.reset(40)
    expect(buffer.after(0)).toBeUndefined()
    expect(seqs(buffer.after(40))).toEqual([])
  })
})

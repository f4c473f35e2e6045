import { describe, expect, it } from 'vitest'
import { ReplayBuffer } from './replay-buffer.js'

const frame = (seq: number, bytes = 10) => Buffer.from(String(seq).padEnd(bytes, '.'))
const seqs = (frames: Buffer[] | undefined) => frames?.map((f) => Number.parseInt(f.toString(), 10))

describe('the replay buffer', () => {
  it('gives the frames after a seq it covers, and nothing it cannot vouch for', () => {
    const buffer = new ReplayBuffer(10, 100, 1_000)
    for (const seq of [11, 12, 14, 15]) buffer.append(seq, 'production', frame(seq))
    expect(seqs(buffer.after(10, 'production'))).toEqual([11, 12, 14, 15])
    expect(seqs(buffer.after(13, 'production'))).toEqual([14, 15])
    expect(seqs(buffer.after(15, 'production'))).toEqual([])
    // Before `from`: changes it never held may exist.
    expect(buffer.after(9, 'production')).toBeUndefined()
  })

  it('drops the oldest frames beyond its count or byte bound, and moves `from` past them', () => {
    const byCount = new ReplayBuffer(0, 3, 1_000_000)
    for (let seq = 1; seq <= 5000; seq++) byCount.append(seq, 'production', frame(seq))
    expect(byCount.from).toBe(4997)
    expect(seqs(byCount.after(4997, 'production'))).toEqual([4998, 4999, 5000])
    expect(byCount.after(4996, 'production')).toBeUndefined()

    const byBytes = new ReplayBuffer(0, 100, 25)
    for (let seq = 1; seq <= 4; seq++) byBytes.append(seq, 'production', frame(seq))
    expect(seqs(byBytes.after(byBytes.from, 'production'))).toEqual([3, 4])
    // One frame larger than the bound is still kept: the newest change must be replayable.
    byBytes.append(5, 'production', frame(5, 100))
    expect(seqs(byBytes.after(4, 'production'))).toEqual([5])
  })

  it("gives an environment its own frames and the global ones: the others' seqs are skipped, not a gap", () => {
    const buffer = new ReplayBuffer(10, 100, 1_000)
    buffer.append(11, 'staging', frame(11))
    buffer.append(12, 'production', frame(12))
    buffer.append(13, null, frame(13))
    buffer.append(14, 'staging', frame(14))
    expect(seqs(buffer.after(10, 'production'))).toEqual([12, 13])
    expect(seqs(buffer.after(11, 'staging'))).toEqual([13, 14])
    expect(seqs(buffer.after(12, 'production'))).toEqual([13])
  })

  it('forgets everything on reset', () => {
    const buffer = new ReplayBuffer(0, 10, 1_000)
    buffer.append(1, 'production', frame(1))
    buffer.reset(40)
    expect(buffer.after(0, 'production')).toBeUndefined()
    expect(seqs(buffer.after(40, 'production'))).toEqual([])
  })
})

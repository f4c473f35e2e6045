import { describe, expect, it } from 'vitest'
import { formatTime, renderFields, renderTable } from './table.js'

describe('renderTable', () => {
  it('aligns columns, right-aligns numbers and leaves no trailing spaces', () => {
    const text = renderTable(
      [{ header: 'KEY' }, { header: 'COUNT', align: 'right' }, { header: 'NOTE' }],
      [
        ['a', '5', 'short'],
        ['longer_key', '12345', ''],
      ],
    )
    expect(text.split('\n')).toEqual(['KEY         COUNT  NOTE', 'a               5  short', 'longer_key  12345'])
  })
})

describe('renderFields', () => {
  it('aligns labels and leaves out missing values', () => {
    expect(renderFields([['key', 'a'], ['description', undefined], ['version', '3']])).toBe('key:      a\nversion:  3')
  })
})

describe('formatTime', () => {
  it('shortens an ISO timestamp and keeps it UTC', () => {
    expect(formatTime('2026-11-25T16:59:56.221Z')).toBe('2026-11-25 16:59:56Z')
    expect(formatTime(null)).toBe('-')
  })
})

/** Plain-text layout for people: aligned columns, no colour, no trailing spaces. */

export interface Column {
  header: string
  align?: 'left' | 'right'
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i]?.align === 'right' ? cell.padStart(widths[i]!) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n')
}

/** `label  value` pairs, labels aligned; pairs whose value is undefined are left out. */
export function renderFields(fields: Array<[string, string | undefined]>): string {
  const present = fields.filter((field): field is [string, string] => field[1] !== undefined)
  const width = Math.max(0, ...present.map(([label]) => label.length))
  return present.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}  ${value}`).join('\n')
}

/** `2026-11-25T16:59:56.221Z` → `2026-11-25 16:59:56Z`: short, still UTC, still sortable. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-'
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')
}

export const formatPercent = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : `${value}%`)

export const formatMs = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : `${Math.round(value * 10) / 10} ms`)

/** Number formatting and markdown tables for bench sections. */

/** Milliseconds with precision that suits their size: 0.412, 3.71, 48.2, 1,204. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (value < 1) return value.toFixed(3)
  if (value < 10) return value.toFixed(2)
  if (value < 100) return value.toFixed(1)
  return Math.round(value).toLocaleString('en-US')
}

export function int(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–'
}

export function kib(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : '–'
}

export function ratio(value: number, digits = 2): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)}x` : '–'
}

export function pct(value: number, digits = 0): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : '–'
}

/** A markdown table; columns whose header starts with `>` are right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const names = headers.map((h) => h.replace(/^>/, ''))
  const align = headers.map((h) => (h.startsWith('>') ? '---:' : '---'))
  return [`| ${names.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

/** A two-line SVG chart (canary vs baseline); hand-written to keep the bundle small. */
export interface Sample {
  canary: number
  baseline: number
}

export function Chart({ title, samples, unit }: { title: string; samples: Sample[]; unit: string }) {
  const width = 320
  const height = 120
  const max = Math.max(1e-9, ...samples.flatMap((s) => [s.canary, s.baseline]))
  const line = (pick: (s: Sample) => number) =>
    samples.map((s, i) => `${(i / Math.max(1, samples.length - 1)) * width},${height - (pick(s) / max) * (height - 10)}`).join(' ')
  const last = samples.at(-1)
  return (
    <figure className="chart">
      <figcaption>
        {title}: canary {last ? last.canary.toFixed(unit === '%' ? 2 : 0) : '–'}
        {unit}, baseline {last ? last.baseline.toFixed(unit === '%' ? 2 : 0) : '–'}
        {unit}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`${title}, canary against baseline`}>
        <rect x="0" y="0" width={width} height={height} className="chart-bg" />
        <polyline points={line((s) => s.baseline)} className="line baseline" />
        <polyline points={line((s) => s.canary)} className="line canary" />
      </svg>
    </figure>
  )
}

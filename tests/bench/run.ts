/**
 * `pnpm bench`: runs every benchmark section in one process, one after another, and writes
 * tests/bench/RESULTS.md. The machine is shared and noisy, so sections report ratios measured
 * in the same run next to absolute numbers; absolute numbers alone are not comparable
 * across runs.
 *
 * `pnpm bench -- core` runs the sections whose file name contains `core` and replaces only
 * those sections in RESULTS.md; each section carries its own date and machine line.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { fileURLToPath } from 'node:url'

export interface BenchSection {
  title: string
  /** Markdown body: tables and a sentence on what the numbers mean. */
  markdown: string
}

const here = fileURLToPath(new URL('.', import.meta.url))
const resultsPath = fileURLToPath(new URL('RESULTS.md', import.meta.url))
const HEADER = [
  '# Benchmark results',
  '',
  'Written by `pnpm bench` (`pnpm bench -- <name>` re-runs one section). The machine is shared',
  'and noisy: compare the ratios measured within one run, not absolute numbers across runs.',
].join('\n')

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`
}

async function existingSections(): Promise<Map<string, string>> {
  const sections = new Map<string, string>()
  const text = await readFile(resultsPath, 'utf8').catch(() => '')
  for (const chunk of text.split(/^## /m).slice(1)) {
    const title = chunk.slice(0, chunk.indexOf('\n')).trim()
    sections.set(title, chunk.slice(chunk.indexOf('\n') + 1).trim())
  }
  return sections
}

async function main(): Promise<void> {
  const filter = process.argv.slice(2).filter((arg) => arg !== '--')
  const files = (await readdir(here))
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => filter.length === 0 || filter.some((f) => name.includes(f)))
    .sort()
  const sections = await existingSections()
  for (const file of files) {
    process.stdout.write(`bench: ${file}\n`)
    const module = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<BenchSection> }
    const section = await module.default()
    const stamped = `_Measured ${new Date().toISOString()} on ${machine()}._\n\n${section.markdown.trim()}`
    process.stdout.write(`${stamped}\n\n`)
    sections.set(section.title, stamped)
  }
  const body = [...sections].map(([title, markdown]) => `## ${title}\n\n${markdown}`).join('\n\n')
  await writeFile(resultsPath, `${HEADER}\n\n${body}\n`)
}

await main()

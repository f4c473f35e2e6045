/**
 * @sluice/web's budget (issue 17): at most 6 KB minified and gzipped, as a page's bundler would
 * ship it. The OpenFeature provider is measured apart, without @openfeature/web-sdk, which a
 * page that uses OpenFeature already has.
 */
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const BUDGET_BYTES = 6 * 1024

async function shipped(entry: string): Promise<number> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../sdks/web/src/${entry}`, import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['@openfeature/web-sdk'],
    write: false,
  })
  return gzipSync(result.outputFiles[0]!.contents).length
}

describe('@sluice/web size', () => {
  it('ships at most 6 KB min+gzip, and at most 6 KB with its OpenFeature provider', async () => {
    const client = await shipped('index.ts')
    const withProvider = await shipped('openfeature.ts')
    console.info(`@sluice/web: ${client} B min+gzip; with the OpenFeature provider: ${withProvider} B`)
    expect(client).toBeLessThanOrEqual(BUDGET_BYTES)
    expect(withProvider).toBeLessThanOrEqual(BUDGET_BYTES)
  })
})

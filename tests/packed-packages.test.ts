/**
 * What a user outside this repository gets: @sluice/core and @sluice/sdk packed as npm would
 * publish them (pnpm pack turns `workspace:*` into a version), installed with plain npm into an
 * empty folder, and imported from plain Node ESM. Needs `pnpm build` first (the README's test
 * command does it). undici, the SDK's one outside dependency, comes from the npm registry.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-packed-'))
  for (const pkg of ['sdks/core', 'sdks/node']) {
    await run('npx', ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', dir], { cwd: join(root, pkg) })
  }
  const tarballs = (await readdir(dir)).filter((name) => name.endsWith('.tgz')).map((name) => `./${name}`)
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], { cwd: dir })
}, 180_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('the packed SDK', () => {
  it('installs from its tarballs with npm and works from plain Node ESM', async () => {
    const script = `
      import { evaluate } from '@sluice/core'
      import { createOfflineClient } from '@sluice/sdk'
      const flag = { key: 'f', name: 'f', type: 'boolean', enabled: true, archived: false, version: 1 }
      const client = createOfflineClient({ flags: { f: true } })
      console.log(JSON.stringify({ core: evaluate(flag, {}).enabled, sdk: client.isEnabled('f', {}) }))
    `
    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: dir })
    expect(JSON.parse(stdout)).toEqual({ core: true, sdk: true })
  })
})

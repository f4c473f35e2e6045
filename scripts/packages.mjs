// The packages users install, packed as npm would publish them, and checked.
//
//   node scripts/packages.mjs pack    tarballs in dist-packages/ (pnpm pack turns workspace:*
//                                     dependencies into the real version ranges)
//   node scripts/packages.mjs check   pack, then publint, @arethetypeswrong/cli and
//                                     `npm publish --dry-run` on every tarball
//
// Run through `pnpm pack:sdks` and `pnpm check:packages`, which build first.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = join(root, 'dist-packages')
export const PACKAGES = ['sdks/core', 'sdks/node', 'sdks/openfeature', 'sdks/web', 'openapi', 'cli']
const PNPM = ['-y', 'pnpm@10.34.8']

function run(command, args, cwd = root) {
  execFileSync(command, args, { cwd, stdio: 'inherit' })
}

function pack() {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  for (const dir of PACKAGES) run('npx', [...PNPM, 'pack', '--pack-destination', out], join(root, dir))
  return readdirSync(out).filter((name) => name.endsWith('.tgz')).map((name) => join(out, name))
}

function check() {
  const tarballs = pack()
  for (const tarball of tarballs) {
    run(join(root, 'node_modules/.bin/publint'), ['--strict', tarball])
    // ESM only, on purpose (every package is "type": "module" for Node >= 20.19): a CommonJS
    // `require` works there through require(esm), so the node10 and CJS checks do not apply.
    run(join(root, 'node_modules/.bin/attw'), ['--profile', 'esm-only', tarball])
    run('npm', ['publish', '--dry-run', '--ignore-scripts', tarball])
  }
}

const command = process.argv[2]
if (command === 'pack') pack()
else if (command === 'check') check()
else {
  process.stderr.write('usage: node scripts/packages.mjs pack|check\n')
  process.exit(2)
}

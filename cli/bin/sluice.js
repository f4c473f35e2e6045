#!/usr/bin/env node
// Committed, unlike dist/: pnpm links a workspace's bins when it installs, before anything is
// built, and skips a bin whose file does not exist yet.
try {
  await import('../dist/main.js')
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/main.js')) throw err
  process.stderr.write('sluice: the CLI is not built yet; run `pnpm build` at the repository root\n')
  process.exit(2)
}

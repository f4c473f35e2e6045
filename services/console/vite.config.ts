import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  // The API client's index also exports a Node-only error helper; the console needs only the
  // typed client itself, so the runtime import points at that one module.
  resolve: { alias: { '@sluice/api-client': fileURLToPath(new URL('../../openapi/src/client.ts', import.meta.url)) } },
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', modulePreload: { polyfill: false },
    rollupOptions: {
      // React Query marks its modules "use client" for server-component bundlers; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
      },
    },
  },
})

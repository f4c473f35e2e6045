import { PGlite } from '@electric-sql/pglite'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'

/**
 * The OpenAPI document exactly as `pnpm openapi` writes it: built from the route schemas of a
 * throw-away app with the default configuration, so it does not depend on who runs it.
 */
export async function renderOpenApiDocument(): Promise<string> {
  const app = await buildApp({ config: loadConfig({}), logger: false, pglite: new PGlite() })
  try {
    await app.ready()
    return `${JSON.stringify(app.swagger(), null, 2)}\n`
  } finally {
    await app.close()
  }
}

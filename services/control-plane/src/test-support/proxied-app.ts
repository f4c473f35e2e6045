import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js'
import { createTestDatabase, type TestDatabase } from './test-database.js'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js'

export interface ProxiedApp {
  app: TestApp
  proxy: TcpProxy
  /** The database itself, reached directly (not through the proxy). */
  database: TestDatabase
  close(): Promise<void>
}

/** An app whose Postgres is reached through a proxy the test can cut or freeze (Postgres runs only). */
export async function appBehindProxy(options: Omit<TestAppOptions, 'database'> = {}): Promise<ProxiedApp> {
  const database = await createTestDatabase()
  const target = new URL(database.url!)
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432))
  target.host = `127.0.0.1:${proxy.port}`
  const app = await createTestApp({ ...options, database: { url: target.toString(), drop: async () => {} } })
  return {
    app,
    proxy,
    database,
    async close() {
      proxy.thaw()
      await app.close()
      await proxy.close()
      await database.drop()
    },
  }
}

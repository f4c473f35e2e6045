import { defineConfig } from 'drizzle-kit'

// drizzle-kit writes numbered SQL into the repository's migrations/ folder; the service
// applies them itself at start-up (src/db/migrator.ts), and each file also runs under psql -f.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: '../../migrations',
  breakpoints: true,
})

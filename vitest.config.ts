import { defineConfig } from 'vitest/config'

/** `npm run test:pg` runs the same suite on PostgreSQL (tests/helpers/test-database.ts). */
const onPostgres = process.env.KOPPEL_TEST_DIALECT === 'postgres'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'plugins/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Two files at a time on SQLite (Vitest's default is one less than the cores: one here, and
    // npm test took 6 minutes); PostgreSQL keeps the default, its files share one server.
    ...(onPostgres ? {} : { maxWorkers: 2 }),
    ...(onPostgres ? { globalSetup: ['tests/helpers/require-postgres.ts'], setupFiles: ['tests/helpers/postgres-setup.ts'] } : {}),
  },
})

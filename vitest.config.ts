import { defineConfig } from 'vitest/config'

/** `npm run test:pg` runs the same suite on PostgreSQL (tests/helpers/test-database.ts). */
const onPostgres = process.env.KOPPEL_TEST_DIALECT === 'postgres'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'plugins/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    ...(onPostgres ? { globalSetup: ['tests/helpers/require-postgres.ts'], setupFiles: ['tests/helpers/postgres-setup.ts'] } : {}),
  },
})

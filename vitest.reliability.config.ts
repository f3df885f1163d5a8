import { defineConfig } from 'vitest/config'

/** `npm run test:reliability`: the long crash, outage and leak tests (tests/reliability/*.reliability.ts). */
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.reliability.ts'],
    testTimeout: 480_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
})

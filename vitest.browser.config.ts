import { defineConfig } from 'vitest/config'

/**
 * `npm run test:browser`: the console in a real Chromium (Debian's, driven by playwright-core),
 * tests/browser/**\/*.browser.ts. Fails at once, saying so, when no Chromium is installed.
 */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.browser.ts'],
    globalSetup: ['tests/browser/require-chromium.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
})

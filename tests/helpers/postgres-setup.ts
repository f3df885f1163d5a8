import { afterAll, afterEach, beforeEach } from 'vitest'
import { dropTestDatabases, enterTest, leaveTest } from './test-database.js'

// Loaded for every test file by vitest.config.ts under `npm run test:pg` (see test-database.ts).
beforeEach(() => enterTest())
afterEach(() => leaveTest())
afterAll(async () => {
  await dropTestDatabases()
})

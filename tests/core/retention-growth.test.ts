import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { gatewayConfigSchema } from '../../config/schema.js'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import { createGateway } from '../../core/create-gateway.js'
import { createRegistry } from '../../core/registry.js'
import { createFakeConnector, createFakeSource, put } from '../fakes/fake-connector.js'
import { sampleEmployee, sampleEmployment } from '../fakes/sample-records.js'
import { onPostgres } from '../helpers/test-database.js'

/**
 * The storage growth scenario of issue 15: a snapshot of 600 employees with employments, then
 * 30 daily syncs of 30 changes each, fanned out to 10 subscriptions. Deliveries are settled as
 * delivered in SQL (a receiver that accepts everything; sending is not what is measured), and
 * each day's rows are dated that day. Retention is scaled to the 30 days: mutations and runs
 * 7d, deliveries 3d. The file size is printed for both runs.
 */
const dir = mkdtempSync(join(tmpdir(), 'koppel-growth-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const day = 86_400_000
const start = Date.parse('2026-01-01T03:00:00.000Z')

async function scenario(name: string, retain: boolean): Promise<number[]> {
  const source = createFakeSource(250)
  for (let n = 0; n < 600; n++) {
    put(source, 'employee', sampleEmployee('er-1', n))
    put(source, 'employment', sampleEmployment('er-1', n))
  }
  const path = join(dir, `${name}.db`)
  const config = gatewayConfigSchema.parse({
    server: { public_url: 'http://127.0.0.1:8080', admin_token: 'growth-admin-token-0123456789abcdef' },
    storage: { path },
    secrets: { encryption_key: generateEncryptionKey() },
    log: { level: 'silent' },
    retention: { mutations: '7d', deliveries: '3d', runs: '7d' },
    connections: [{ id: 'acme', connector: 'fake', employers: ['er-1'] }],
    webhooks: Array.from({ length: 10 }, (_, i) => ({ id: `consumer-${i}`, url: 'http://127.0.0.1:9/hooks', secret: `whsec_${Buffer.alloc(32, i + 1).toString('base64')}` })),
  })
  const gateway = await createGateway(config, createRegistry([createFakeConnector(source)]), pino({ level: 'silent' }))
  const sizes: number[] = []
  try {
    for (let i = 0; i <= 30; i++) {
      if (i > 0) for (let n = 0; n < 30; n++) put(source, 'employee', sampleEmployee('er-1', (i * 30 + n) % 600, { address: { street: `Straat ${i}`, houseNumber: String(n), houseNumberAddition: null, postalCode: '1234 AB', city: 'Leiden', countryCode: 'NL' } }))
      const before = new Date().toISOString()
      const { done } = await gateway.runner.trigger('acme', { trigger: 'cli' })
      expect((await done).status).toBe('succeeded')
      // Today's rows, dated day i and delivered.
      const today = new Date(start + i * day).toISOString()
      await sql`UPDATE mutations SET created_at = ${today} WHERE created_at >= ${before}`.execute(gateway.db)
      await sql`UPDATE events SET created_at = ${today} WHERE created_at >= ${before}`.execute(gateway.db)
      await sql`UPDATE runs SET started_at = ${today}, finished_at = ${today}, heartbeat_at = ${today} WHERE started_at >= ${before}`.execute(gateway.db)
      await sql`UPDATE deliveries SET status = 'delivered', attempts = 1, created_at = ${today}, next_attempt_at = ${today}, finished_at = ${today} WHERE status = 'pending'`.execute(gateway.db)
      if (retain) await gateway.pruner.pruneNow({ now: new Date(start + i * day + 3_600_000) })
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(gateway.db)
      sizes.push(statSync(path).size)
    }
  } finally {
    await gateway.close()
  }
  return sizes
}

// SQLite only (the size of the SQLite file): skipped under npm run test:pg.
describe.skipIf(onPostgres)('storage growth over 30 syncs', () => {
  it('stops growing with retention, where it grows without', { timeout: 180_000 }, async () => {
    const without = await scenario('without', false)
    const withRetention = await scenario('with', true)
    const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MB`
    process.stdout.write(`growth over 30 syncs: without retention ${mb(without[0]!)} → ${mb(without.at(-1)!)}; ` +
      `with retention (7d/3d/7d) ${mb(withRetention[0]!)} → ${mb(withRetention.at(-1)!)}, at sync 10 ${mb(withRetention[10]!)}\n`)
    expect(without.at(-1)!).toBeGreaterThan(without[0]! * 1.5)
    expect(withRetention.at(-1)!).toBeLessThan(without.at(-1)! * 0.7)
    // Freed pages are reused: from the second week on the file hardly grows.
    expect(withRetention.at(-1)!).toBeLessThanOrEqual(withRetention[10]! * 1.1)
  })
})

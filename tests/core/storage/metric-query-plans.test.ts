import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompiledQuery, sql, type KyselyPlugin, type RootOperationNode } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionHealth } from '../../../core/storage/connection-health.js'
import { openDatabase, type Db } from '../../../core/storage/open-database.js'
import { outboxHealth } from '../../../core/storage/outbox-health.js'
import { onPostgres } from '../../helpers/test-database.js'

/** Every query a function runs, compiled, so its plan can be asked for. */
function recorder(db: Db) {
  const nodes: RootOperationNode[] = []
  const plugin: KyselyPlugin = {
    transformQuery: (args) => { nodes.push(args.node); return args.node },
    transformResult: async (args) => args.result,
  }
  return { db: db.withPlugin(plugin), compiled: () => nodes.splice(0).map((node) => db.getExecutor().compileQuery(node, { queryId: '' } as never)) }
}

async function plan(db: Db, query: CompiledQuery): Promise<string[]> {
  const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]))
  return result.rows.map((row) => row.detail)
}

const subscriptions = Array.from({ length: 10 }, (_, i) => `sub-${i}`)
const connections = Array.from({ length: 5 }, (_, i) => `conn-${i}`)
let dir: string
let db: Db

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'koppel-plans-'))
  db = await openDatabase({ path: join(dir, 'koppel.db') })
  // 100k deliveries over 10 subscriptions: nearly all delivered, a backlog of pending,
  // in-flight and failed ones, as after months of traffic with retention.
  await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
    INSERT INTO deliveries (subscription_id, message_id, sequence, ordering_key, status, attempts, next_attempt_at, created_at)
    SELECT 'sub-' || (i % 10), 'mut_' || i, i, 'k' || (i % 5000),
      CASE WHEN i % 100 = 0 THEN 'pending' WHEN i % 211 = 0 THEN 'failed' WHEN i % 503 = 0 THEN 'delivering' ELSE 'delivered' END,
      1, '2026-01-01T00:00:00.000Z', strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds')
    FROM n`.execute(db)
  // 40k runs over 5 connections (90 days of runs every 15 minutes, and then some).
  await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
    INSERT INTO runs (id, connection_id, status, mode, trigger, force, started_at, finished_at, counts, employers, heartbeat_at)
    SELECT 'run_' || i, 'conn-' || (i % 5), CASE WHEN i % 17 = 0 THEN 'failed' WHEN i % 31 = 0 THEN 'held' ELSE 'succeeded' END, 'full', 'schedule', 0,
      strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i * 900) || ' seconds'), strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i * 900 + 60) || ' seconds'),
      '{}', '[]', '2026-01-01T00:00:00.000Z'
    FROM n`.execute(db)
  await sql`INSERT INTO runs (id, connection_id, status, mode, trigger, force, started_at, counts, employers, heartbeat_at)
    VALUES ('run_live', 'conn-1', 'running', 'full', 'cli', 0, '2027-01-01T00:00:00.000Z', '{}', '[]', '2027-01-01T00:00:00.000Z')`.execute(db)
  // conn-2 was left `syncing` by a process that stopped: its last finished run decides.
  await sql`INSERT INTO connections (id, connector, status, created_at, updated_at) VALUES
    ('conn-0', 'fake', 'ready', '', ''), ('conn-1', 'fake', 'ready', '', ''), ('conn-2', 'fake', 'syncing', '', ''), ('conn-3', 'fake', 'needs_authorization', '', '')`.execute(db)
}, 60_000)

afterAll(async () => {
  await db.destroy()
  rmSync(dir, { recursive: true, force: true })
})

// SQLite only (SQLite's query plans): skipped under npm run test:pg.
describe.skipIf(onPostgres)('the scrape-time gauge queries on 100k deliveries and 40k runs', () => {
  it('read the outbox backlog through indexes only, never a scan of the deliveries', async () => {
    const r = recorder(db)
    const health = await outboxHealth(r.db, subscriptions)
    expect(health.get('sub-0')!.counts.pending).toBeGreaterThan(0)
    const plans = await Promise.all(r.compiled().map((q) => plan(db, q)))
    for (const lines of plans) for (const line of lines) expect(line).not.toMatch(/^SCAN deliveries/)
  })

  it('read runs through indexes only', async () => {
    const r = recorder(db)
    const health = await connectionHealth(r.db, connections)
    expect(Object.fromEntries([...health].map(([id, h]) => [id, h.status]))).toEqual({
      'conn-0': 'ready', 'conn-1': 'syncing', 'conn-2': 'ready', 'conn-3': 'needs_authorization', 'conn-4': 'needs_authorization',
    })
    expect(health.get('conn-1')!.runs).toEqual({ running: 1, succeeded: expect.any(Number), failed: expect.any(Number), held: expect.any(Number) })
    expect(Object.values(health.get('conn-0')!.runs).reduce((a, b) => a + b)).toBe(8000)
    const plans = await Promise.all(r.compiled().map((q) => plan(db, q)))
    expect(plans.length).toBeGreaterThan(5)
    for (const lines of plans) for (const line of lines) expect(line).toMatch(/^SEARCH (runs|connections) USING (COVERING )?INDEX/)
    // Counting and the last success read the index of migration 0007, not the run rows.
    expect(plans.flat()).toContain('SEARCH runs USING COVERING INDEX runs_connection_status (connection_id=?)')
    expect(plans.flat()).toContain('SEARCH runs USING COVERING INDEX runs_connection_status (connection_id=? AND status=?)')
  })
})

import { pino } from 'pino'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { onPostgres, openTestDatabase } from '../../helpers/test-database.js'
import { z } from 'zod'
import { connectionSchema } from '../../../config/schema.js'
import { createConnectionSpec } from '../../../core/connection-spec.js'
import { defineConnector, type HttpClient } from '../../../core/connector.js'
import { createRegistry } from '../../../core/registry.js'
import { ensureConnections } from '../../../core/storage/connections.js'
import type { Db } from '../../../core/storage/open-database.js'
import { SyncRunner } from '../../../core/sync/sync-runner.js'
import { dropOrphanBaselineStages, openBaselineStage } from '../../../core/storage/baseline-stage.js'
import { failStaleRuns } from '../../../core/storage/runs.js'
import { put } from '../../fakes/fake-connector.js'
import { createRecordingOutbox } from '../../fakes/recording-outbox.js'
import { sampleEmployee, sampleEmployment, sampleWage, sampleWorkingHours } from '../../fakes/sample-records.js'
import { createSyncHarness, type SyncHarness } from './sync-harness.js'

function seed(h: SyncHarness, count: number, employerId = 'er-1') {
  for (let n = 0; n < count; n++) {
    put(h.source, 'employee', sampleEmployee(employerId, n))
    put(h.source, 'employment', sampleEmployment(employerId, n))
    put(h.source, 'wage', sampleWage(employerId, n))
    put(h.source, 'working_hours', sampleWorkingHours(employerId, n))
  }
}

/** The baseline stage tables left: SQLite's temp tables, PostgreSQL's `koppel_baseline_…` tables. */
const tempTables = async (db: Db) => onPostgres
  ? (await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE starts_with(tablename, 'koppel_baseline_')`.execute(db)).rows.map((row) => row.name)
  : (await sql<{ name: string }>`SELECT name FROM sqlite_temp_master WHERE type = 'table'`.execute(db)).rows.map((row) => row.name)
const cursors = async (db: Db) => db.selectFrom('employer_cursors').select('employer_id').execute()

describe('a baseline of an employer with nothing stored (a stage table, not staged_records)', () => {
  it('stores every record, emits nothing, stages nothing in staged_records and leaves no temp table', async () => {
    const h = await createSyncHarness()
    seed(h, 25)
    const run = await h.sync()
    expect(run.status).toBe('succeeded')
    expect(run.counts.employee).toMatchObject({ fetched: 25, created: 25, updated: 0, unchanged: 0 })
    expect(run.counts.wage).toMatchObject({ fetched: 25, created: 25 })
    expect((await h.snapshot()).size).toBe(100)
    expect(await h.mutations()).toHaveLength(0)
    expect(await tempTables(h.db)).toEqual([])
    expect(await h.db.selectFrom('staged_records').selectAll().execute()).toHaveLength(0)
  })

  it('commits nothing when a page fails midway (no record, no cursor, no temp table), and the next run is a baseline again', async () => {
    const h = await createSyncHarness()
    seed(h, 10) // 40 records, 10 per page
    h.source.failOnPage = { page: 3 }
    const failed = await h.sync()
    expect(failed.status).toBe('failed')
    expect((await h.snapshot()).size).toBe(0)
    expect(await cursors(h.db)).toEqual([])
    expect(await tempTables(h.db)).toEqual([])

    h.source.failOnPage = undefined
    const recovered = await h.sync()
    expect(recovered.status).toBe('succeeded')
    expect(recovered.counts.employee).toMatchObject({ created: 10 })
    expect((await h.snapshot()).size).toBe(40)
    expect(await h.mutations()).toHaveLength(0)
    expect(h.outbox.messages.filter((m) => m.type === 'sync.baseline')).toHaveLength(1)
  })

  it('skips an invalid record and counts it, as the staged path does', async () => {
    const h = await createSyncHarness()
    seed(h, 3)
    put(h.source, 'employee', sampleEmployee('er-1', 1, { bsn: '123456789' })) // fails the 11-test
    const run = await h.sync()
    expect(run.status).toBe('succeeded')
    expect(run.counts.employee).toMatchObject({ fetched: 3, created: 2, invalid: 1 })
    expect((await h.snapshot()).has('employee:emp-1')).toBe(false)
  })

  it('keeps the first version of an id the fetch repeats, counted once, and then diffs as usual', async () => {
    let version = 'first'
    const connector = defineConnector({
      id: 'twice', displayName: 'Twice', status: 'beta', apiVersion: 1, settings: z.strictObject({}), auth: { kind: 'none' },
      async *fetch(ctx) {
        yield { type: 'records', items: [{ entity: 'employee' as const, record: sampleEmployee(ctx.employer.id, 1, { employeeNumber: version }) }] }
        yield { type: 'records', items: [{ entity: 'employee' as const, record: sampleEmployee(ctx.employer.id, 1, { employeeNumber: 'second' }) }] }
      },
      normalize: (page) => [...page.items],
    })
    const db = await openTestDatabase()
    const connection = createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: 'twice', employers: ['er-1'] }), connector)
    await ensureConnections(db, [{ id: 'acme', connector: 'twice', initialStatus: 'ready' }])
    const runner = new SyncRunner({
      db, outbox: createRecordingOutbox(), registry: createRegistry([connector]), connections: [connection], log: pino({ level: 'silent' }),
      httpFor: () => ({}) as HttpClient,
    })
    const sync = async () => (await (await runner.trigger('acme', { trigger: 'api' })).done)
    const first = await sync()
    expect(first.counts.employee).toMatchObject({ fetched: 2, created: 1 })
    const stored = await db.selectFrom('records').select('data').execute()
    expect(stored.map((row) => JSON.parse(row.data).employeeNumber)).toEqual(['first'])

    version = 'third'
    const second = await sync()
    expect(second.counts.employee).toMatchObject({ fetched: 2, updated: 1, created: 0 })
    expect((await db.selectFrom('mutations').select(['operation', 'record_id']).execute())).toEqual([{ operation: 'updated', record_id: 'emp-1' }])
    await db.destroy()
  })

  it('moves an id stored under another employer of the connection, as the staged path does', async () => {
    const h = await createSyncHarness({ employers: ['er-1', 'er-2'] })
    put(h.source, 'employee', sampleEmployee('er-1', 1))
    put(h.source, 'employee', sampleEmployee('er-2', 2))
    h.source.failOnPage = { page: 1, employers: ['er-2'] } // er-2 keeps no cursor: its next run is a baseline
    await h.sync()
    expect(await cursors(h.db)).toEqual([{ employer_id: 'er-1' }])
    h.source.failOnPage = undefined
    put(h.source, 'employee', sampleEmployee('er-2', 1))
    const second = await h.sync()
    expect(second.employers.map((e) => [e.employerId, e.status, e.baseline])).toEqual([['er-1', 'succeeded', false], ['er-2', 'succeeded', true]])
    const rows = await h.db.selectFrom('records').select(['id', 'employer_id']).orderBy('id').execute()
    expect(rows).toEqual([{ id: 'emp-1', employer_id: 'er-2' }, { id: 'emp-2', employer_id: 'er-2' }])
  })
})

describe.runIf(onPostgres)('PostgreSQL baseline stages left by a crashed run', () => {
  it('are dropped at start-up and when a lease runs out, while a running run keeps its own', async () => {
    const db = await openTestDatabase()
    await ensureConnections(db, ['acme', 'other'].map((id) => ({ id, connector: 'fake', initialStatus: 'ready' as const })))
    const now = new Date().toISOString()
    const run = (id: string, status: 'running' | 'failed', leaseUntil: string, connection = 'acme') => ({
      id, connection_id: connection, status, mode: 'full', trigger: 'api', force: 0, started_at: now, finished_at: null, counts: '{}', employers: '[]',
      error_code: null, error_message: null, heartbeat_at: now, owner: 'elsewhere:1:00000000', lease_until: leaseUntil,
    })
    const later = new Date(Date.now() + 60_000).toISOString()
    await db.insertInto('runs').values([run('run_GONE', 'failed', now), run('run_GOING', 'running', later), run('run_EXPIRED', 'running', now, 'other')]).execute()
    for (const id of ['run_GONE', 'run_GOING', 'run_EXPIRED']) await openBaselineStage(db, id)
    expect((await tempTables(db)).sort()).toEqual(['koppel_baseline_run_EXPIRED_', 'koppel_baseline_run_GOING_', 'koppel_baseline_run_GONE_'].map((prefix) => expect.stringMatching(`^${prefix}\\d+$`)))

    await failStaleRuns(db) // the expired run fails: its stage and the failed run's go
    expect(await tempTables(db)).toEqual([expect.stringMatching(/^koppel_baseline_run_GOING_\d+$/)])
    expect(await dropOrphanBaselineStages(db)).toBe(0)
    await db.destroy()
  })
})

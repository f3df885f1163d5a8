import { pino } from 'pino'
import { Writable } from 'node:stream'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectionSchema } from '../../config/schema.js'
import { createConnectionSpec } from '../../core/connection-spec.js'
import type { HttpClient } from '../../core/connector.js'
import { createRegistry } from '../../core/registry.js'
import { Scheduler } from '../../core/scheduler.js'
import { ensureConnections } from '../../core/storage/connections.js'
import { SyncRunner } from '../../core/sync/sync-runner.js'
import { leaseRunner } from '../helpers/lease-runner.js'
import { createFakeConnector, createFakeSource, put } from '../fakes/fake-connector.js'
import { createRecordingOutbox } from '../fakes/recording-outbox.js'
import { sampleEmployee } from '../fakes/sample-records.js'
import { openStorage, openTestDatabase, storageAt } from '../helpers/test-database.js'

let scheduler: Scheduler | undefined
afterEach(() => scheduler?.stop())

describe('Scheduler', () => {
  it('runs enabled connections on their cron schedule, skips ticks while a run goes, and never schedules disabled ones', async () => {
    const db = await openTestDatabase()
    const source = createFakeSource(1)
    for (let n = 0; n < 30; n++) put(source, 'employee', sampleEmployee('er-1', n))
    source.delayMs = 60 // 30 pages × 60 ms: a run takes ~2 s, longer than the 1 s tick
    const connector = createFakeConnector(source)
    const connections = [
      // A config schedule has 5 fields (whole minutes); the test gives croner a seconds field directly to tick every second.
      { ...connectionSchema.parse({ id: 'every-second', connector: 'fake', employers: ['er-1'], timezone: 'Europe/Amsterdam' }), schedule: '* * * * * *' },
      { ...connectionSchema.parse({ id: 'off', connector: 'fake', employers: ['er-1'], enabled: false }), schedule: '* * * * * *' },
    ].map((connection) => createConnectionSpec(connection, connector))
    await ensureConnections(db, connections.map((c) => ({ id: c.id, connector: 'fake', initialStatus: 'ready' as const })))
    const lines: Array<{ msg: string; connection?: string }> = []
    const log = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } }))
    const runner = new SyncRunner({
      db, outbox: createRecordingOutbox(), registry: createRegistry([connector]), connections, log,
      httpFor: () => ({}) as HttpClient,
    })
    scheduler = new Scheduler({ connections, runner, log, db })
    scheduler.start()
    expect(scheduler.nextRunAt('every-second')).toBeInstanceOf(Date)
    expect(scheduler.nextRunAt('off')).toBeNull()

    await new Promise((resolve) => setTimeout(resolve, 3500))
    scheduler.stop()
    await runner.stop()

    const runs = await db.selectFrom('runs').selectAll().execute()
    expect(runs.length).toBeGreaterThanOrEqual(1)
    expect(runs.length).toBeLessThanOrEqual(2)
    expect(runs.every((run) => run.connection_id === 'every-second' && run.mode === 'incremental' && run.trigger === 'schedule')).toBe(true)
    expect(lines.filter((line) => line.msg === 'scheduled sync skipped: a run is still going' && line.connection === 'every-second').length).toBeGreaterThanOrEqual(1)
  })

  it('fires each tick on one replica only: two schedulers on one database, the same tick, one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'koppel-ticks-'))
    try {
      const path = join(dir, 'koppel.db')
      const storage = await storageAt(path)
      const [dbA, dbB] = [await openStorage(storage), await openStorage(storage)]
      const log = pino({ level: 'silent' })
      let clock = new Date('2026-03-02T09:00:00.004Z')
      const now = () => clock
      const replicas = await Promise.all([dbA, dbB].map(async (db) => {
        const { runner } = await leaseRunner(db, { runLeaseMs: 30_000, employees: 2 })
        return { runner, scheduler: new Scheduler({ connections: [runner.connection('acme')], runner, log, db, now }) }
      }))
      const pattern = '0 * * * *'
      const first = await Promise.all(replicas.map((r) => r.scheduler.tick('acme', 'incremental', pattern)))
      expect(first.sort()).toEqual(['claimed_elsewhere', 'started'])
      for (const r of replicas) await r.runner.stop()
      await new Promise((resolve) => setTimeout(resolve, 200))
      // The other replica's timer fires late (its clock or its event loop): still the 09:00 tick.
      clock = new Date('2026-03-02T09:00:02.500Z')
      expect(await replicas[1]!.scheduler.tick('acme', 'incremental', pattern)).toBe('claimed_elsewhere')
      expect(await replicas[0]!.scheduler.tick('acme', 'incremental', pattern)).toBe('claimed_elsewhere')
      // The next hour's tick is a new one; a full-sync schedule at the same time is its own tick.
      clock = new Date('2026-03-02T10:00:00.010Z')
      const second = await Promise.all([replicas[1]!.scheduler.tick('acme', 'incremental', pattern), replicas[0]!.scheduler.tick('acme', 'full', pattern)])
      expect(second.filter((o) => o === 'started')).toHaveLength(1)
      for (const r of replicas) await r.runner.stop()
      const runs = await dbA.selectFrom('runs').select(['trigger']).execute()
      expect(runs).toHaveLength(2)
      expect(runs.every((run) => run.trigger === 'schedule')).toBe(true)
      // A day later the old tick rows are pruned by the next claim.
      clock = new Date('2026-03-04T10:00:00.000Z')
      await replicas[0]!.scheduler.tick('acme', 'incremental', pattern)
      for (const r of replicas) await r.runner.stop()
      const ticks = await dbA.selectFrom('schedule_ticks').select('tick_at').execute()
      expect(ticks).toEqual([{ tick_at: '2026-03-04T10:00:00.000Z' }])
      await dbA.destroy()
      await dbB.destroy()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

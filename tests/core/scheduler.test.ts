import { pino } from 'pino'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { connectionSchema } from '../../config/schema.js'
import { createConnectionSpec } from '../../core/connection-spec.js'
import type { HttpClient } from '../../core/connector.js'
import { createRegistry } from '../../core/registry.js'
import { Scheduler } from '../../core/scheduler.js'
import { ensureConnections } from '../../core/storage/connections.js'
import { SyncRunner } from '../../core/sync/sync-runner.js'
import { createFakeConnector, createFakeSource, put } from '../fakes/fake-connector.js'
import { createRecordingOutbox } from '../fakes/recording-outbox.js'
import { sampleEmployee } from '../fakes/sample-records.js'
import { openTestDatabase } from '../helpers/test-database.js'

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
    scheduler = new Scheduler({ connections, runner, log })
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
})

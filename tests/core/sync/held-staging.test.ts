import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { connectionSchema } from '../../../config/schema.js'
import { createConnectionSpec } from '../../../core/connection-spec.js'
import { defineConnector, type HttpClient } from '../../../core/connector.js'
import type { CanonicalRecord } from '../../../core/model/index.js'
import { createRegistry } from '../../../core/registry.js'
import { ensureConnections } from '../../../core/storage/connections.js'
import { SyncRunner } from '../../../core/sync/sync-runner.js'
import { createRecordingOutbox } from '../../fakes/recording-outbox.js'
import { sampleEmployee } from '../../fakes/sample-records.js'
import { openTestDatabase } from '../../helpers/test-database.js'

/** An employee whose name makes its data about 30 KB: 300 of them are more than a fetch holds in memory (2M characters). */
const large = (employerId: string, n: number, version: string) => {
  const employee = sampleEmployee(employerId, n, { employeeNumber: version })
  return { ...employee, name: { ...employee.name, lastName: `Jansen-${version}-`.padEnd(30_000, 'n') } }
}

/** A connection whose source yields `pages()` (records of the employer), run by a SyncRunner on a test database. */
async function harness(pages: (employerId: string) => CanonicalRecord[][]) {
  const connector = defineConnector({
    id: 'paged', displayName: 'Paged', status: 'beta', apiVersion: 1, settings: z.strictObject({}), auth: { kind: 'none' },
    async *fetch(ctx) {
      for (const items of pages(ctx.employer.id)) yield { type: 'records', items }
    },
    normalize: (page) => [...page.items],
  })
  const db = await openTestDatabase()
  const connection = createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: 'paged', employers: ['er-1'] }), connector)
  await ensureConnections(db, [{ id: 'acme', connector: 'paged', initialStatus: 'ready' }])
  const runner = new SyncRunner({
    db, outbox: createRecordingOutbox(), registry: createRegistry([connector]), connections: [connection], log: pino({ level: 'silent' }),
    httpFor: () => ({}) as HttpClient,
  })
  const sync = async () => (await (await runner.trigger('acme', { trigger: 'api' })).done)
  const stored = async () => new Map((await db.selectFrom('records').select(['id', 'data']).execute()).map((row) => [row.id, JSON.parse(row.data).employeeNumber as string]))
  const created = async () => (await db.selectFrom('mutations').select(['record_id', 'operation']).execute()).filter((m) => m.operation === 'created').map((m) => m.record_id)
  return { db, sync, stored, created }
}

const employee = (record: ReturnType<typeof sampleEmployee>): CanonicalRecord => ({ entity: 'employee', record })

describe('changed records held in memory, or past the limit in staged_records', () => {
  it('a new id repeated within a fetch is created once, with its first version, whether held or past the limit', async () => {
    for (const size of ['held', 'past the limit'] as const) {
      let run = 0
      const h = await harness((er) => {
        if (run++ === 0) return [[employee(sampleEmployee(er, 0))]] // the baseline
        const first = size === 'held' ? [employee(sampleEmployee(er, 1, { employeeNumber: 'first' }))] : Array.from({ length: 300 }, (_, n) => employee(large(er, n + 1, 'first')))
        return [
          [employee(sampleEmployee(er, 0)), ...first, employee(sampleEmployee(er, 1, { employeeNumber: 'again, same page' }))],
          [employee(sampleEmployee(er, 1, { employeeNumber: 'again, next page' })), employee(sampleEmployee(er, 2, { employeeNumber: 'second page' }))],
        ]
      })
      await h.sync()
      const result = await h.sync()
      const news = size === 'held' ? 2 : 300
      expect(result.status, size).toBe('succeeded')
      expect(result.counts.employee, size).toMatchObject({ created: news, updated: 0, unchanged: 1 })
      expect((await h.created()).sort(), size).toEqual(Array.from({ length: news }, (_, n) => `emp-${n + 1}`).sort())
      const stored = await h.stored()
      expect(stored.get('emp-1'), size).toBe('first')
      expect(stored.get('emp-2'), size).toBe(size === 'held' ? 'second page' : 'first')
      expect(await h.db.selectFrom('staged_records').selectAll().execute(), size).toHaveLength(0)
      await h.db.destroy()
    }
  })

  it('past the limit every change is applied and each counted once, the next run finds them unchanged', async () => {
    let version = 'a'
    const h = await harness((er) => [Array.from({ length: 150 }, (_, n) => employee(large(er, n, version))), Array.from({ length: 150 }, (_, n) => employee(large(er, 150 + n, version)))])
    await h.sync()
    version = 'b'
    const changed = await h.sync()
    expect(changed.counts.employee).toMatchObject({ fetched: 300, updated: 300, created: 0, unchanged: 0 })
    expect((await h.db.selectFrom('mutations').select('operation').execute()).filter((m) => m.operation === 'updated')).toHaveLength(300)
    expect(new Set((await h.stored()).values())).toEqual(new Set(['b']))
    const again = await h.sync()
    expect(again.counts.employee).toMatchObject({ fetched: 300, unchanged: 300, updated: 0 })
    await h.db.destroy()
  })
})

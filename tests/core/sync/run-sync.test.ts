import { describe, expect, it } from 'vitest'
import { put, remove } from '../../fakes/fake-connector.js'
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

describe('runSync with a fake connector', () => {
  it('stores a baseline silently, then finds nothing changed', async () => {
    const h = await createSyncHarness()
    seed(h, 12)
    const first = await h.sync()
    expect(first.status).toBe('succeeded')
    expect(first.counts.employee).toMatchObject({ fetched: 12, created: 12, updated: 0, deleted: 0 })
    expect(await h.mutations()).toHaveLength(0)
    expect(h.outbox.messages.map((m) => m.type)).toEqual(['sync.baseline', 'sync.succeeded'])
    expect((await h.snapshot()).size).toBe(48)

    const second = await h.sync()
    expect(second.status).toBe('succeeded')
    expect(second.counts.employee).toMatchObject({ fetched: 12, unchanged: 12, created: 0, updated: 0 })
    expect(await h.mutations()).toHaveLength(0)
  })

  it('emits one employee.updated with exactly the changed paths for a new address', async () => {
    const h = await createSyncHarness()
    seed(h, 3)
    await h.sync()
    const moved = sampleEmployee('er-1', 1)
    moved.address = { ...moved.address!, street: 'Breestraat', postalCode: '2311 CS' }
    put(h.source, 'employee', moved)
    const run = await h.sync()
    const mutations = await h.mutations()
    expect(mutations).toHaveLength(1)
    expect(mutations[0]).toMatchObject({ entity: 'employee', recordId: 'emp-1', operation: 'updated', runId: run.runId, employerId: 'er-1' })
    expect(mutations[0]!.changes).toEqual([
      { path: 'address.postalCode', before: '1234 AB', after: '2311 CS' },
      { path: 'address.street', before: 'Voordijk', after: 'Breestraat' },
    ])
    expect(mutations[0]!.previous).toMatchObject({ address: { street: 'Voordijk' } })
    expect(mutations[0]!.record).toMatchObject({ address: { street: 'Breestraat' } })
    expect(mutations[0]!.id).toMatch(/^mut_[0-9A-Z]{26}$/)
  })

  it('emits created for a hire (parents first), a new wage, an ended employment and deletes for a removal', async () => {
    const h = await createSyncHarness()
    seed(h, 5)
    await h.sync()
    put(h.source, 'employee', sampleEmployee('er-1', 7))
    put(h.source, 'employment', sampleEmployment('er-1', 7))
    put(h.source, 'wage', sampleWage('er-1', 2, { endDate: '2026-12-31' }))
    put(h.source, 'wage', sampleWage('er-1', 2, { id: 'wage-2b', startDate: '2027-01-01', grossAmountCents: 400000 }))
    put(h.source, 'employment', sampleEmployment('er-1', 3, { endDate: '2026-12-31', endReason: { code: '4', label: 'Ontslag' } }))
    remove(h.source, 'er-1', 'employee', 'emp-4')
    remove(h.source, 'er-1', 'employment', 'job-4')
    await h.sync()
    const summary = (await h.mutations()).map((m) => `${m.entity}.${m.operation}:${m.recordId}`)
    expect(summary).toEqual([
      'employee.created:emp-7', 'employment.updated:job-3', 'employment.created:job-7',
      'wage.updated:wage-2', 'wage.created:wage-2b', 'employment.deleted:job-4', 'employee.deleted:emp-4',
    ])
    const mutations = await h.mutations()
    const sequences = mutations.map((m) => m.sequence)
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b))
    expect(new Set(sequences).size).toBe(sequences.length)
    const ended = mutations.find((m) => m.recordId === 'job-3')!
    expect(ended.changes).toEqual([
      { path: 'endDate', before: null, after: '2026-12-31' },
      { path: 'endReason', before: null, after: { code: '4', label: 'Ontslag' } },
    ])
    const deleted = mutations.find((m) => m.recordId === 'emp-4')!
    expect(deleted.record).toBeNull()
    expect(deleted.previous).toMatchObject({ id: 'emp-4' })
  })

  it('initial_sync emit sends created for everything', async () => {
    const h = await createSyncHarness({ initial_sync: 'emit' })
    seed(h, 2)
    await h.sync()
    expect((await h.mutations()).map((m) => m.operation)).toEqual(Array(8).fill('created'))
  })

  it('holds a run that would delete too much, and applies it with force', async () => {
    const h = await createSyncHarness({ delete_guard: { max_ratio: 0.2, min_count: 3 } })
    seed(h, 10)
    await h.sync()
    // 3 employees with all their records: 12 of 40 stored records (30% > 20%, and > 3)
    for (let n = 0; n < 3; n++) {
      for (const [entity, prefix] of [['employee', 'emp'], ['employment', 'job'], ['wage', 'wage'], ['working_hours', 'wh']] as const) {
        remove(h.source, 'er-1', entity, `${prefix}-${n}`)
      }
    }
    const held = await h.sync()
    expect(held.status).toBe('held')
    expect(held.error?.code).toBe('delete_guard')
    expect(await h.mutations()).toHaveLength(0)
    expect((await h.snapshot()).size).toBe(40)
    expect(h.outbox.messages.at(-1)?.type).toBe('sync.held')
    expect(held.counts.employee.deleted).toBe(3)

    const forced = await h.sync({ force: true })
    expect(forced.status).toBe('succeeded')
    expect((await h.mutations()).filter((m) => m.operation === 'deleted')).toHaveLength(12)
    expect((await h.snapshot()).size).toBe(28)
  })

  it('leaves no staging rows when the fetch fails while a write of staged records is still in flight', async () => {
    const h = await createSyncHarness()
    seed(h, 300)
    put(h.source, 'employee', sampleEmployee('er-1', 300)) // 1,201 records: a second page of one
    await h.sync()
    // 600 changed records on page 1, more than a fetch holds in memory (30 KB names: 9M
    // characters), so they go to staged_records; then page 2 fails at once.
    for (let n = 0; n < 300; n++) {
      const employee = sampleEmployee('er-1', n)
      put(h.source, 'employee', { ...employee, name: { ...employee.name, lastName: 'Jansen'.padEnd(30_000, 'n') } })
      put(h.source, 'wage', sampleWage('er-1', n, { grossAmountCents: 999_00 }))
    }
    h.source.pageSize = 1_200
    h.source.failOnPage = { page: 2 }
    const failed = await h.sync()
    expect(failed.status).toBe('failed')
    expect(await h.db.selectFrom('staged_records').selectAll().execute()).toHaveLength(0)
    expect(await h.mutations()).toHaveLength(0)

    h.source.failOnPage = undefined
    const recovered = await h.sync()
    expect(recovered.status).toBe('succeeded')
    expect(recovered.counts.employee.updated + recovered.counts.wage.updated).toBe(600)
    expect(await h.db.selectFrom('staged_records').selectAll().execute()).toHaveLength(0)
  })

  it('commits nothing when page 3 of 5 fails, and recovers on the next run', async () => {
    const h = await createSyncHarness()
    seed(h, 10) // 40 records, 10 per page → 4 pages + the end
    await h.sync()
    for (let n = 0; n < 10; n++) put(h.source, 'employee', sampleEmployee('er-1', n, { nationality: { code: '3', label: 'Belgische' } }))
    h.source.failOnPage = { page: 3 }
    const failed = await h.sync()
    expect(failed.status).toBe('failed')
    expect(failed.error).toEqual({ code: 'upstream_unavailable', message: 'fake upstream failed on page 3' })
    expect(await h.mutations()).toHaveLength(0)
    expect(await h.db.selectFrom('staged_records').selectAll().execute()).toHaveLength(0)
    const stored = (await h.snapshot()).get('employee:emp-0') as { nationality: unknown }
    expect(stored.nationality).toEqual({ code: '1', label: 'Nederlandse' })

    h.source.failOnPage = undefined
    const recovered = await h.sync()
    expect(recovered.status).toBe('succeeded')
    expect((await h.mutations()).filter((m) => m.operation === 'updated')).toHaveLength(10)
  })

  it('reports an invalid BSN without its value and keeps the stored record', async () => {
    const h = await createSyncHarness()
    seed(h, 3)
    await h.sync()
    put(h.source, 'employee', sampleEmployee('er-1', 1, { bsn: '123456789', nationality: { code: '4', label: 'Duitse' } }))
    const run = await h.sync()
    expect(run.status).toBe('succeeded')
    expect(run.counts.employee.invalid).toBe(1)
    const invalid = run.employers[0]!.invalid
    expect(invalid).toEqual([{ entity: 'employee', id: 'emp-1', reason: 'bsn: invalid BSN (9 digits, 11-test)' }])
    expect(JSON.stringify(run)).not.toContain('123456789')
    expect(((await h.snapshot()).get('employee:emp-1') as { nationality: unknown }).nationality).toEqual({ code: '1', label: 'Nederlandse' })
    expect(await h.mutations()).toHaveLength(0)
  })

  it('lets one employer fail while the other commits', async () => {
    const h = await createSyncHarness({ employers: ['er-1', 'er-2'] })
    seed(h, 3, 'er-1')
    seed(h, 3, 'er-2')
    h.source.failOnPage = { page: 1, employers: ['er-2'] }
    const run = await h.sync()
    expect(run.status).toBe('failed')
    expect(run.employers.map((e) => [e.employerId, e.status])).toEqual([['er-1', 'succeeded'], ['er-2', 'failed']])
    const keys = [...(await h.snapshot()).values()].map((r) => (r as { employerId: string }).employerId)
    expect(new Set(keys)).toEqual(new Set(['er-1']))
  })

  it('refuses a second run of the same connection while one is going', async () => {
    const h = await createSyncHarness()
    seed(h, 30)
    h.source.delayMs = 20
    const first = await h.runner.trigger('acme', { trigger: 'api' })
    await expect(h.runner.trigger('acme', { trigger: 'api' })).rejects.toMatchObject({ code: 'run_in_progress' })
    await first.done
    await expect(h.runner.trigger('nope', { trigger: 'api' })).rejects.toMatchObject({ code: 'not_found' })
  })

  it('aborts on stop without half-committing', async () => {
    const h = await createSyncHarness()
    seed(h, 30)
    await h.sync()
    for (let n = 0; n < 30; n++) put(h.source, 'employee', sampleEmployee('er-1', n, { nationality: { code: '5', label: 'Franse' } }))
    h.source.delayMs = 10
    const { done } = await h.runner.trigger('acme', { trigger: 'api' })
    await new Promise((resolve) => setTimeout(resolve, 35))
    await h.runner.stop()
    const run = await done
    expect(run.status).toBe('failed')
    expect(run.error?.code).toBe('shutdown')
    expect(await h.mutations()).toHaveLength(0)
  })
})

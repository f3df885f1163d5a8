import { describe, expect, it } from 'vitest'
import type { PayrollResult } from '../../../core/model/index.js'
import { put, remove } from '../../fakes/fake-connector.js'
import { sampleEmployee, sampleEmployment, sampleWage, sampleWorkingHours } from '../../fakes/sample-records.js'
import { createSyncHarness, type SyncHarness } from './sync-harness.js'

function seed(h: SyncHarness, count: number) {
  for (let n = 0; n < count; n++) {
    put(h.source, 'employee', sampleEmployee('er-1', n))
    put(h.source, 'employment', sampleEmployment('er-1', n))
    put(h.source, 'wage', sampleWage('er-1', n))
    put(h.source, 'working_hours', sampleWorkingHours('er-1', n))
  }
}

function result(n: number, month: number, cents = 350000): PayrollResult {
  return {
    id: `job-${n}:2026-${String(month).padStart(2, '0')}:1`, employerId: 'er-1', employmentId: `job-${n}`, payrollAdministrationId: 'pa-1',
    year: 2026, periodNumber: month, periodStartDate: `2026-${String(month).padStart(2, '0')}-01`, periodEndDate: `2026-${String(month).padStart(2, '0')}-28`,
    payslipType: { code: '1', label: 'Normaal strook' },
    components: { '70': { name: 'Salaris', category: { code: '2', label: 'Loon' }, column: null, amountCents: cents, quantity: null, specialTariffAmountCents: 0, specialTariffQuantity: null } },
  }
}

const summary = async (h: SyncHarness) => (await h.mutations()).map((m) => `${m.entity}.${m.operation}:${m.recordId}`)

describe('deletes from complete reads (RawPage.complete)', () => {
  it('an incremental run that re-reads one employment\'s chains deletes the wage gone from it, and nothing else', async () => {
    const h = await createSyncHarness({}, { incremental: true })
    seed(h, 4)
    put(h.source, 'wage', sampleWage('er-1', 1, { id: 'wage-1b', startDate: '2026-01-01' }))
    expect((await h.sync()).status).toBe('succeeded')

    remove(h.source, 'er-1', 'wage', 'wage-1b')
    remove(h.source, 'er-1', 'wage', 'wage-2') // not re-read in this run: must stay
    h.source.read = {
      only: (item) => 'employmentId' in item.record ? item.record.employmentId === 'job-1' : item.record.id === 'job-1',
      complete: [{ entity: 'wage', match: { employmentId: 'job-1' } }, { entity: 'working_hours', match: { employmentId: 'job-1' } }],
    }
    const run = await h.sync({ mode: 'incremental' })
    expect(run.status).toBe('succeeded')
    expect(run.employers[0]!.mode).toBe('incremental')
    expect(await summary(h)).toEqual(['wage.deleted:wage-1b'])
    expect(run.counts.wage.deleted).toBe(1)
    const snapshot = await h.snapshot()
    expect(snapshot.has('wage:wage-2')).toBe(true)
    expect(snapshot.has('wage:wage-1')).toBe(true)
    expect(snapshot.has('employee:emp-3')).toBe(true)
  })

  it('an incremental run without claims deletes nothing', async () => {
    const h = await createSyncHarness({}, { incremental: true })
    seed(h, 3)
    await h.sync()
    remove(h.source, 'er-1', 'wage', 'wage-1')
    h.source.read = { only: (item) => item.entity === 'employee' }
    const run = await h.sync({ mode: 'incremental' })
    expect(run.status).toBe('succeeded')
    expect(await summary(h)).toEqual([])
    expect((await h.snapshot()).has('wage:wage-1')).toBe(true)
  })

  it('a full run deletes a partial-read entity only inside its claims: older periods are neither read nor deleted', async () => {
    const h = await createSyncHarness({}, { partialReads: ['payroll_result'] })
    seed(h, 3)
    for (const month of [1, 2, 3]) for (const n of [0, 1, 2]) put(h.source, 'payroll_result', result(n, month))
    await h.sync()

    // Period 1 is now before the connector's window: it is no longer read. Period 2 is read
    // and lost job-1's result (a removed run); period 3 is read and job-2's result changed.
    for (const n of [0, 1, 2]) remove(h.source, 'er-1', 'payroll_result', `job-${n}:2026-01:1`)
    remove(h.source, 'er-1', 'payroll_result', 'job-1:2026-02:1')
    put(h.source, 'payroll_result', result(2, 3, 360000))
    h.source.read = { complete: [2, 3].map((periodNumber) => ({ entity: 'payroll_result', match: { payrollAdministrationId: 'pa-1', year: 2026, periodNumber } })) }
    const run = await h.sync()
    expect(run.status).toBe('succeeded')
    expect(await summary(h)).toEqual(['payroll_result.updated:job-2:2026-03:1', 'payroll_result.deleted:job-1:2026-02:1'])
    const updated = (await h.mutations())[0]!
    expect(updated.changes).toEqual([{ path: 'components.70.amountCents', before: 350000, after: 360000 }])
    const snapshot = await h.snapshot()
    for (const n of [0, 1, 2]) expect(snapshot.has(`payroll_result:job-${n}:2026-01:1`)).toBe(true)
  })

  it('an incremental run that re-reads one period of twelve deletes only inside it (the database finds what the claim covers)', async () => {
    const h = await createSyncHarness({}, { incremental: true })
    seed(h, 40)
    for (let month = 1; month <= 12; month++) for (let n = 0; n < 40; n++) put(h.source, 'payroll_result', result(n, month))
    expect((await h.sync()).status).toBe('succeeded')

    // A removed run took job-7's February result; a correction changed job-8's. The 440
    // results of the other periods go unseen: far too many to read back one by one.
    remove(h.source, 'er-1', 'payroll_result', 'job-7:2026-02:1')
    remove(h.source, 'er-1', 'payroll_result', 'job-9:2026-05:1') // not re-read: must stay
    put(h.source, 'payroll_result', result(8, 2, 360000))
    h.source.read = {
      only: (item) => item.entity === 'payroll_result' && (item.record as PayrollResult).periodNumber === 2,
      complete: [{ entity: 'payroll_result', match: { payrollAdministrationId: 'pa-1', year: 2026, periodNumber: 2 } }],
    }
    const run = await h.sync({ mode: 'incremental' })
    expect(run.status).toBe('succeeded')
    expect(await summary(h)).toEqual(['payroll_result.updated:job-8:2026-02:1', 'payroll_result.deleted:job-7:2026-02:1'])
    const snapshot = await h.snapshot()
    expect([...snapshot.keys()].filter((key) => key.startsWith('payroll_result:'))).toHaveLength(479)
    expect(snapshot.has('payroll_result:job-9:2026-05:1')).toBe(true)
  })

  it('a full run still deletes the unseen records of entities it reads whole', async () => {
    const h = await createSyncHarness({}, { partialReads: ['payroll_result'] })
    seed(h, 3)
    await h.sync()
    remove(h.source, 'er-1', 'wage', 'wage-0')
    await h.sync()
    expect(await summary(h)).toEqual(['wage.deleted:wage-0'])
  })

  it('the delete guard holds an incremental run whose claims would delete too much', async () => {
    const h = await createSyncHarness({ delete_guard: { max_ratio: 0.2, min_count: 2 } }, { incremental: true })
    seed(h, 5)
    await h.sync()
    for (const n of [0, 1, 2, 3, 4]) remove(h.source, 'er-1', 'wage', `wage-${n}`)
    h.source.read = { only: (item) => item.entity === 'employment', complete: [0, 1, 2, 3, 4].map((n) => ({ entity: 'wage', match: { employmentId: `job-${n}` } })) }
    const held = await h.sync({ mode: 'incremental' })
    expect(held.status).toBe('held')
    expect((await h.snapshot()).has('wage:wage-3')).toBe(true)
    const forced = await h.sync({ mode: 'incremental', force: true })
    expect(forced.status).toBe('succeeded')
    expect(forced.counts.wage.deleted).toBe(5)
  })

  it('a claim on an unknown entity fails the employer and commits nothing', async () => {
    const h = await createSyncHarness({}, { incremental: true })
    seed(h, 2)
    await h.sync()
    remove(h.source, 'er-1', 'wage', 'wage-0')
    h.source.read = { complete: [{ entity: 'salary', match: {} }, { entity: 'wage', match: {} }] }
    const run = await h.sync({ mode: 'incremental' })
    expect(run.status).toBe('failed')
    expect(run.employers[0]!.error?.code).toBe('internal_error')
    expect((await h.snapshot()).has('wage:wage-0')).toBe(true)
  })
})

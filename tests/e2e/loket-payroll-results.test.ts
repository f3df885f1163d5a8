import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { connectionId, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'

let sandbox: StartedLoketSandbox
let instance: GatewayInstance
let employerId: string
const year = new Date().getUTCFullYear()
// Since January of this year: last year's periods are outside the window.
const since = `${year}-01`

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 31, employeesPerEmployer: 6 })
  employerId = [...sandbox.data.employers.keys()][0]!
  instance = await startGateway(sandbox, { settings: { payroll_results_since: since }, connection: { delete_guard: { max_ratio: 1, min_count: 1000 } } })
  await instance.enterTokens()
  expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
})
afterAll(async () => {
  await instance?.close()
  await sandbox?.close()
})

const results = async () => [...(await instance.api.snapshot()).entries()].filter(([key]) => key.startsWith('payroll_result/'))

describe('Loket payroll results through the sandbox', () => {
  it('a full run stores the results of every non-test period from payroll_results_since on', async () => {
    const stored = await results()
    expect(stored.length).toBeGreaterThan(0)
    const years = new Set(stored.map(([, record]) => (record as { year: number }).year))
    expect([...years]).toEqual([year])
    const payroll = [...sandbox.data.payroll.values()][0]!
    const periods = new Set(payroll.runs.filter((run) => run.year === year).map((run) => run.periodNumber))
    expect(new Set(stored.map(([, record]) => (record as { periodNumber: number }).periodNumber))).toEqual(periods)
    const [, sample] = stored[0]! as [string, { id: string; employmentId: string; components: Record<string, { amountCents: number | null; quantity: number | null }> }]
    expect(sample.id).toMatch(new RegExp(`^${sample.employmentId}:${year}-\\d{2}:1$`))
    expect(sample.components['70']).toMatchObject({ quantity: null, amountCents: expect.any(Number) })
    expect(sample.components['1']).toMatchObject({ amountCents: null, quantity: expect.any(Number) })
  })

  it('an approved run with a January correction is a payroll_result.updated on January, plus the new period', async () => {
    const after = (await instance.api.feed(0)).at(-1)?.sequence ?? 0
    const approval = sandbox.approvePayrollRun(employerId, { correction: { year, periodNumber: 1, percent: 10 } })
    expect(approval.corrected).not.toBeNull()
    const run = await instance.api.sync(connectionId, { mode: 'incremental' })
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' })
    const feed = await instance.api.feed(after)
    const january = `${approval.corrected!.employmentId}:${year}-01:1`
    const updated = feed.find((m) => m.entity === 'payroll_result' && m.recordId === january)
    expect(updated).toMatchObject({ operation: 'updated' })
    expect(updated!.changes).toEqual([{ path: 'components.70.amountCents', before: expect.any(Number), after: expect.any(Number) }])
    const created = feed.filter((m) => m.entity === 'payroll_result' && m.operation === 'created')
    expect(created.length).toBeGreaterThan(0)
    expect(created.every((m) => m.recordId.includes(`:${approval.year}-${String(approval.periodNumber).padStart(2, '0')}:`))).toBe(true)
    expect(feed.filter((m) => m.entity === 'payroll_result' && m.operation === 'updated')).toHaveLength(1)
  })

  it('a removed run\'s results are deleted on the next read of its period; older results stay', async () => {
    const approval = sandbox.approvePayrollRun(employerId, { correction: null })
    expect((await instance.api.sync(connectionId, { mode: 'incremental' })).status).toBe('succeeded')
    const period = `:${approval.year}-${String(approval.periodNumber).padStart(2, '0')}:`
    expect((await results()).some(([key]) => key.includes(period))).toBe(true)
    const older = (await results()).filter(([key]) => !key.includes(period))

    const after = (await instance.api.feed(0)).at(-1)?.sequence ?? 0
    sandbox.removePayrollRun(approval.payrollRunId)
    expect((await instance.api.sync(connectionId, { mode: 'incremental' })).status).toBe('succeeded')
    const feed = await instance.api.feed(after)
    expect(feed.length).toBeGreaterThan(0)
    expect(feed.every((m) => m.entity === 'payroll_result' && m.operation === 'deleted' && m.recordId.includes(period))).toBe(true)
    expect(await results()).toEqual(older)
    // A full run agrees, and keeps last year's results it never reads.
    expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
    expect(await results()).toEqual(older)
  })

  it('test years are never synced', async () => {
    const testYear = [...sandbox.data.payroll.values()][0]!.periods.find((period) => period.testYear)!.year
    expect((await results()).some(([, record]) => (record as { year: number }).year === testYear)).toBe(false)
  })

  it('a wage removed from an employment during an incremental run is deleted in that run', async () => {
    const job = [...sandbox.data.employments.values()].find((entry) => entry.employerId === employerId && entry.wages.length > 1)
      ?? [...sandbox.data.employments.values()].find((entry) => entry.employerId === employerId && entry.wages.length === 1)!
    if (job.wages.length === 1) sandbox.raiseSalary(job.employment.id, { percent: 3 })
    expect((await instance.api.sync(connectionId, { mode: 'incremental' })).status).toBe('succeeded')
    const after = (await instance.api.feed(0)).at(-1)?.sequence ?? 0
    const removed = sandbox.removeWage(job.employment.id)
    const run = await instance.api.sync(connectionId, { mode: 'incremental' })
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' })
    const feed = await instance.api.feed(after)
    expect(feed.filter((m) => m.operation === 'deleted').map((m) => `${m.entity}/${m.recordId}`)).toEqual([`wage/${removed}`])
    expect((await instance.api.snapshot()).has(`wage/${removed}`)).toBe(false)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import loket from '../../../connectors/loket/index.js'
import { startLoketSandbox, type StartedLoketSandbox } from '../../../connectors/loket/sandbox/index.js'
import { collectPages, fetchContext, firstEmployerId, normalizeAll } from './loket-test-context.js'

let sandbox: StartedLoketSandbox
let employerId: string

beforeAll(async () => {
  sandbox = await startLoketSandbox({ seed: 4, employers: 1, employeesPerEmployer: 6 })
  employerId = firstEmployerId(sandbox)
})
afterAll(() => sandbox.close())

describe('loket fetch when the version-number endpoints are unavailable', () => {
  it('a full fetch still delivers every record, only without a cursor', async () => {
    sandbox.faults.add({ path: /lastmodifiedversionnumbers/, kind: 'status', status: 404, times: 2 })
    const ctx = fetchContext(sandbox, employerId)
    const pages = await collectPages(loket.fetch(ctx))
    expect(pages.some((page) => page.cursor !== undefined)).toBe(false)
    const employees = [...sandbox.data.employees.values()].filter((entry) => entry.employerId === employerId)
    expect(normalizeAll(pages, ctx).of('employee')).toHaveLength(employees.length)
  })

  it('an incremental fetch fails instead: it cannot know what changed', async () => {
    sandbox.faults.clear()
    const full = await collectPages(loket.fetch(fetchContext(sandbox, employerId)))
    const cursor = full.find((page) => page.cursor !== undefined)!.cursor!
    sandbox.faults.add({ path: /lastmodifiedversionnumbers/, kind: 'status', status: 404, times: 4 })
    await expect(collectPages(loket.fetch(fetchContext(sandbox, employerId, { mode: 'incremental', cursor })))).rejects.toMatchObject({ code: 'upstream_not_found' })
    sandbox.faults.clear()
  })
})

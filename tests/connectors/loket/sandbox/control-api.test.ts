import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLoketSandbox, type StartedLoketSandbox } from '../../../../connectors/loket/sandbox/index.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed test bodies
type Json = any

describe('sandbox control API (real listener)', () => {
  let sandbox: StartedLoketSandbox
  let headers: Record<string, string>
  beforeAll(async () => {
    sandbox = await startLoketSandbox({ seed: 9, employers: 2, employeesPerEmployer: 4 })
    headers = { Authorization: `Bearer ${sandbox.oauth.issueTokens().accessToken}` }
  })
  afterAll(async () => { await sandbox.close() })

  const api = async (path: string): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${sandbox.apiBaseUrl}${path}`, { headers })
    return { status: response.status, body: await response.json() }
  }
  const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, body: await response.json() }
  }
  const firstEmployee = async () => {
    const employers = (await control('GET', '/employers')).body.items
    const employees = (await control('GET', `/employees?employer=${employers[0].employerNumber}`)).body.items
    return { employer: employers[0], employee: employees[0] }
  }

  it('lists employers and their employees by id, without personal data', async () => {
    const employers = await control('GET', '/employers')
    expect(employers.status).toBe(200)
    expect(employers.body.items).toHaveLength(2)
    expect(employers.body.items[0]).toEqual({ id: expect.any(String), employerNumber: expect.any(Number), lastModifiedVersionNumber: expect.any(Number), employees: 4 })
    const byId = await control('GET', `/employees?employer=${employers.body.items[1].id}`)
    expect(byId.body.items).toHaveLength(4)
    expect(Object.keys(byId.body.items[0]).sort()).toEqual(['employeeNumber', 'employerId', 'employments', 'id'])
    expect(JSON.stringify(byId.body)).not.toMatch(/firstName|lastName|bsn|street/i)
    expect((await control('GET', '/employees?employer=nope')).status).toBe(404)
    expect((await control('GET', '')).body.endpoints.length).toBeGreaterThan(5)
  })

  it('changes an address, raises a salary, hires and terminates; the Loket API shows each', async () => {
    const { employer, employee } = await firstEmployee()
    const employmentId = employee.employments[0].id

    const moved = await control('POST', `/employees/${employee.id}/address`, { postalCode: '9999ZZ', city: 'Zwolle' })
    expect(moved.status).toBe(200)
    const detail = (await api(`/providers/employers/employees/${employee.id}`)).body.content
    expect(detail.address).toMatchObject({ postalCode: '9999ZZ', city: 'Zwolle' })

    const lastWage = async () => (await api(`/providers/employers/employees/employments/${employmentId}/wages`)).body._embedded.at(-1).grossWage as number
    const before = await lastWage()
    expect((await control('POST', `/employments/${employmentId}/raise-salary`, { percent: 5 })).status).toBe(200)
    expect(await lastWage()).toBeCloseTo(before * 1.05, 1)

    const hired = await control('POST', `/employers/${employer.employerNumber}/hire`, { startDate: '2026-01-01' })
    expect(hired.status).toBe(201)
    expect(hired.body).toMatchObject({ employeeId: expect.any(String), employmentId: expect.any(String) })
    expect((await api(`/providers/employers/${employer.id}/employees`)).body._embedded).toHaveLength(5)

    expect((await control('POST', `/employments/${hired.body.employmentId}/terminate`, { endDate: '2026-06-30' })).status).toBe(200)
    expect((await api(`/providers/employers/employees/employments/${hired.body.employmentId}`)).body.content.endDate).toBe('2026-06-30')
    expect(moved.body.versionNumber).toBeLessThan(hired.body.versionNumber)
  })

  it('removes a partner and a child from the Loket lists (unknown ids 404, a body other than {} 400); each bumps the employee version', async () => {
    const { employee } = await firstEmployee()
    const partnerId = (await control('POST', `/employees/${employee.id}/partners`, {})).body.partnerId
    const childId = (await control('POST', `/employees/${employee.id}/children`, {})).body.childId
    const listed = async (path: 'partners' | 'children') =>
      (await api(`/providers/employers/employees/${employee.id}/${path}`)).body._embedded.map((item: Json) => item.id)
    expect(await listed('partners')).toContain(partnerId)
    expect(await listed('children')).toContain(childId)

    expect((await control('DELETE', `/partners/${partnerId}`, { endDate: '2026-01-01' })).status).toBe(400)
    const before = (await control('GET', '/employers')).body.items[0].lastModifiedVersionNumber
    const removed = await control('DELETE', `/partners/${partnerId}`)
    expect(removed).toEqual({ status: 200, body: { partnerId, versionNumber: expect.any(Number) } })
    expect(removed.body.versionNumber).toBeGreaterThan(before)
    expect(await listed('partners')).not.toContain(partnerId)
    expect((await control('DELETE', `/partners/${partnerId}`)).status).toBe(404)

    expect((await control('DELETE', `/children/${childId}`)).status).toBe(200)
    expect(await listed('children')).not.toContain(childId)
    expect((await control('DELETE', `/children/${childId}`)).status).toBe(404)
  })

  it('switches a right off and on again', async () => {
    const { employee } = await firstEmployee()
    const wages = `/providers/employers/employees/employments/${employee.employments[0].id}/wages`
    expect((await control('POST', '/rights', { right: 'Raadplegen beloningen', allowed: false })).body).toEqual({ right: 'Raadplegen beloningen', allowed: false })
    expect((await api(wages)).status).toBe(403)
    expect((await control('GET', '/rights')).body.items).toContainEqual({ right: 'Raadplegen beloningen', allowed: false })
    await control('POST', '/rights', { right: 'Raadplegen beloningen', allowed: true })
    expect((await api(wages)).status).toBe(200)
  })

  it('injects faults, lists and clears them; the control API itself is never faulted or logged', async () => {
    const added = await control('POST', '/faults', { kind: 'status', status: 503, path: '/providers/employers', times: 1 })
    expect(added.status).toBe(201)
    expect((await api('/providers/employers')).status).toBe(503)
    expect((await api('/providers/employers')).status).toBe(200)

    const requestsBefore = sandbox.requests.length
    await control('POST', '/faults', { kind: 'status', status: 500, times: 'always' })
    expect((await control('GET', '/faults')).body.items).toEqual([{ kind: 'status', status: 500, path: null, times: 'always' }])
    expect((await api('/providers/employers')).status).toBe(500)
    expect((await control('DELETE', '/faults')).body).toEqual({ cleared: 1 })
    expect((await api('/providers/employers')).status).toBe(200)
    expect(sandbox.requests.length - requestsBefore, 'only the two API calls are logged').toBe(2)
  })

  it('refuses bad input with a 400 naming the field, and unknown ids or endpoints with a 404', async () => {
    const { employee } = await firstEmployee()
    const bad = await control('POST', `/employees/${employee.id}/address`, { postalCode: 'nope', colour: 'red' })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatch(/postalCode/)
    expect(bad.body.error).toMatch(/colour/)
    expect((await control('POST', '/rights', { right: 'Alles', allowed: false })).status).toBe(400)
    expect((await control('POST', '/faults', { kind: 'status', status: 200 })).status).toBe(400)
    expect((await control('POST', '/faults', { kind: 'explode' })).status).toBe(400)
    expect((await control('POST', `/employments/${employee.employments[0].id}/terminate`, {})).status).toBe(400)
    const notJson = await fetch(`${sandbox.url}/_sandbox/rights`, { method: 'POST', body: '{nope' })
    expect(notJson.status).toBe(400)
    expect((await control('POST', '/employees/nope/address', {})).status).toBe(404)
    expect((await control('POST', '/employments/nope/raise-salary', {})).status).toBe(404)
    expect((await control('GET', '/nothing-here')).status).toBe(404)
  })
})

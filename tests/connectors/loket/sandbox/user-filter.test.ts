import { describe, expect, it } from 'vitest'
import { describeEmploymentFilter } from '../../../../connectors/loket/employment-filter.js'
import { loadSpec, responseSchema, specPath, validate } from './openapi-validator.js'
import { authorizedSandbox, firstEmployerId } from './sandbox-test-helpers.js'

describe('the sandbox user filter (GET /user/filtersettings/{employerId})', () => {
  it.skipIf(!specPath)('answers as the OpenAPI document says, default and narrowed', async () => {
    const { sandbox, get } = authorizedSandbox({ seed: 5 })
    const employerId = firstEmployerId(sandbox)
    const schema = responseSchema(loadSpec(), '/user/filtersettings/{employerId}')
    const plain = await get(`/user/filtersettings/${employerId}`)
    expect(plain.status).toBe(200)
    expect(validate(loadSpec(), schema, plain.body)).toEqual([])
    expect(plain.body.content.employmentFilter).toMatchObject({ filterOnEmployedStatus: 'AllEmployments', filterOnOnCallEmployment: null })
    const department = sandbox.data.employers.get(employerId)!.catalog.departments[0]!.key
    sandbox.setUserFilter(employerId, { filterOnEmployedStatus: 'ActiveAndFutureEmployments', filterOnDepartments: [{ key: department }], filterOnOnCallEmployment: false })
    const narrowed = await get(`/user/filtersettings/${employerId}`)
    expect(validate(loadSpec(), schema, narrowed.body)).toEqual([])
    expect(describeEmploymentFilter(narrowed.body.content)).toEqual([
      'Filter dienstverbanden: actieve en toekomstige dienstverbanden (moet zijn: alle dienstverbanden)',
      'Filter op afdelingen: 1 gekozen',
      'Filter op oproepkrachten: geen oproepkrachten',
    ])
    expect((await get('/user/filtersettings/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  it('applies the filter to the employer-level employment lists and their version numbers, not to the employment itself', async () => {
    const { sandbox, get } = authorizedSandbox({ seed: 5 })
    const employerId = firstEmployerId(sandbox)
    const all = [...sandbox.data.employments.values()].filter((entry) => entry.employerId === employerId)
    const leaver = all.find((entry) => entry.employment.endDate === null)!
    sandbox.terminate(leaver.employment.id, '2024-01-31')
    const ids = async (path: string) => ((await get(`${path}?pageSize=1000`)).body._embedded as Array<{ id: string }>).map((item) => item.id)
    const lists = [`/providers/employers/${employerId}/employees/employments`, `/providers/employers/${employerId}/employees/employments/lastmodifiedversionnumbers`]
    for (const list of lists) expect(await ids(list)).toContain(leaver.employment.id)
    sandbox.setUserFilter(employerId, { filterOnEmployedStatus: 'ActiveEmployments' })
    for (const list of lists) {
      const visible = await ids(list)
      expect(visible).not.toContain(leaver.employment.id)
      expect(visible.length).toBeGreaterThan(0)
    }
    expect((await get(`/providers/employers/employees/employments/${leaver.employment.id}`)).status).toBe(200)
    sandbox.setUserFilter(employerId, { filterOnEmployedStatus: 'AllEmployments' })
    expect(await ids(lists[0]!)).toHaveLength(all.length)
  })

  it('is set over the control API, which refuses an unknown status', async () => {
    const { sandbox } = authorizedSandbox({ seed: 5 })
    const employer = [...sandbox.data.employers.values()][0]!.employer
    const post = (body: unknown) => sandbox.app.request(`/_sandbox/employers/${employer.employerNumber}/user-filter`, { method: 'POST', body: JSON.stringify(body) })
    expect((await post({ filterOnEmployedStatus: 'Everyone' })).status).toBe(400)
    const set = await post({ filterOnEmployedStatus: 'ActiveEmployments' })
    expect(set.status).toBe(200)
    expect(sandbox.userFilter(employer.id).filterOnEmployedStatus).toBe('ActiveEmployments')
    const read = await (await sandbox.app.request(`/_sandbox/employers/${employer.id}/user-filter`)).json()
    expect(read).toMatchObject({ employmentFilter: { filterOnEmployedStatus: 'ActiveEmployments' } })
  })
})

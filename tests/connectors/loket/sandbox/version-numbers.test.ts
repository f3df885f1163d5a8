import { describe, expect, it } from 'vitest'
import { createRng, initialVersionNumber } from '../../../../connectors/loket/sandbox/index.js'
import { authorizedSandbox, firstEmployerId } from './sandbox-test-helpers.js'

describe('lastModifiedVersionNumber like Loket', () => {
  const setup = () => {
    const context = authorizedSandbox({ seed: 3, employers: 2, employeesPerEmployer: 8 })
    const employerId = firstEmployerId(context.sandbox)
    const versions = async () => {
      const employers = (await context.get('/providers/employers/lastmodifiedversionnumbers')).body._embedded as { id: string; lastModifiedVersionNumber: number }[]
      const employments = (await context.get(`/providers/employers/${employerId}/employees/employments/lastmodifiedversionnumbers`)).body._embedded as { id: string; lastModifiedVersionNumber: number }[]
      return {
        employers: new Map(employers.map((item) => [item.id, item.lastModifiedVersionNumber])),
        employments: new Map(employments.map((item) => [item.id, item.lastModifiedVersionNumber])),
      }
    }
    return { ...context, employerId, versions }
  }

  it('starts above the realistic initial number; an employer is at least as new as its employments', async () => {
    const { versions, employerId } = setup()
    const before = await versions()
    const employmentMax = Math.max(...before.employments.values())
    expect(Math.min(...before.employments.values())).toBeGreaterThan(initialVersionNumber)
    expect(before.employers.get(employerId)).toBeGreaterThanOrEqual(employmentMax)
  })

  it('an address change bumps every employment of that employee and its employer, nothing else', async () => {
    const { sandbox, versions, employerId } = setup()
    const employee = [...sandbox.data.employees.values()].find((entry) =>
      entry.employerId === employerId && [...sandbox.data.employments.values()].filter((e) => e.employeeId === entry.employee.id).length === 2)!
    const before = await versions()
    sandbox.changeAddress(employee.employee.id, { street: 'Nieuwe Straat' })
    const after = await versions()
    const own = [...sandbox.data.employments.values()].filter((entry) => entry.employeeId === employee.employee.id).map((entry) => entry.employment.id)
    expect(own).toHaveLength(2)
    for (const [id, version] of after.employments) {
      if (own.includes(id)) expect(version).toBeGreaterThan(before.employments.get(id)!)
      else expect(version).toBe(before.employments.get(id))
    }
    expect(after.employers.get(employerId)).toBeGreaterThan(before.employers.get(employerId)!)
    const otherEmployer = [...after.employers.keys()].find((id) => id !== employerId)!
    expect(after.employers.get(otherEmployer)).toBe(before.employers.get(otherEmployer))
  })

  it('wage, termination, BSN, hire and removal bump; payroll period data does not', async () => {
    const { sandbox, versions, employerId, get } = setup()
    const employment = [...sandbox.data.employments.values()].find((entry) => entry.employerId === employerId && entry.employment.endDate === null)!
    const id = employment.employment.id
    let previous = await versions()
    const bumpedBy = async (edit: () => void) => {
      edit()
      const next = await versions()
      const moved = next.employers.get(employerId)! > previous.employers.get(employerId)!
      const employmentMoved = (next.employments.get(id) ?? 0) > (previous.employments.get(id) ?? 0)
      previous = next
      return { moved, employmentMoved }
    }
    expect(await bumpedBy(() => sandbox.raiseSalary(id, { percent: 5 }))).toEqual({ moved: true, employmentMoved: true })
    expect(await bumpedBy(() => sandbox.setBsn(employment.employeeId, '123456782'))).toEqual({ moved: true, employmentMoved: true })
    const periodDataBefore = (await get(`/providers/employers/employees/employments/${id}/payrollperioddata`)).body.totalSize
    expect(await bumpedBy(() => sandbox.addPayrollPeriodData(id))).toEqual({ moved: false, employmentMoved: false })
    expect((await get(`/providers/employers/employees/employments/${id}/payrollperioddata`)).body.totalSize).toBe(periodDataBefore + 1)
    expect(await bumpedBy(() => sandbox.terminate(id, '2026-12-31'))).toEqual({ moved: true, employmentMoved: true })
    expect((await bumpedBy(() => sandbox.hire(employerId))).moved).toBe(true)
    const other = [...sandbox.data.employees.values()].find((entry) => entry.employerId === employerId && entry.employee.id !== employment.employeeId)!
    expect((await bumpedBy(() => sandbox.removeEmployee(other.employee.id))).moved).toBe(true)
    // Like Loket: the employer's number follows its employments, not its own record (issue 13, item 5).
    expect((await bumpedBy(() => sandbox.renameEmployer(employerId, 'Nieuwe Naam B.V.'))).moved).toBe(false)
    expect((await get(`/providers/employers/${employerId}`)).body.content.companyName).toBe('Nieuwe Naam B.V.')
  })

  it('never decreases and stays unique under random edits', () => {
    const { sandbox } = setup()
    const rng = createRng(99)
    let last = sandbox.data.versionCounter.current
    for (let i = 0; i < 200; i++) {
      const description = sandbox.randomEdit(rng)
      expect(description).toMatch(/^[a-zA-Z]+ [0-9a-f-]{36}$/)
      const current = sandbox.data.versionCounter.current
      expect(current).toBeGreaterThanOrEqual(last)
      last = current
      for (const employer of sandbox.data.employers.values()) expect(employer.lastModifiedVersionNumber).toBeLessThanOrEqual(current)
    }
  })

  it('keeps wage chains gap- and overlap-free after raises and terminations', () => {
    const { sandbox } = setup()
    const rng = createRng(7)
    for (let i = 0; i < 150; i++) sandbox.randomEdit(rng)
    for (const entry of sandbox.data.employments.values()) {
      for (const chain of [entry.wages, entry.workingHours, entry.organizationalEntities]) {
        for (let i = 1; i < chain.length; i++) {
          const previousEnd = chain[i - 1]!.endDate
          expect(previousEnd).not.toBeNull()
          expect(previousEnd! < chain[i]!.startDate).toBe(true)
        }
        for (const record of chain) if (record.endDate) expect(record.endDate >= record.startDate).toBe(true)
      }
    }
  })
})

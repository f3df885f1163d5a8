import { describe, expect, it } from 'vitest'
import { createLoketSandbox, generateDataset, isValidBsn } from '../../../../connectors/loket/sandbox/index.js'

const referenceDate = '2026-03-15'
const dataset = (seed: number, employeesPerEmployer = 200) => generateDataset({ seed, employers: 2, employeesPerEmployer, referenceDate })
const snapshot = (seed: number) => {
  const data = dataset(seed, 60)
  return JSON.stringify([[...data.employers.values()], [...data.employees.values()], [...data.employments.values()]])
}

describe('generated dataset', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(snapshot(42)).toBe(snapshot(42))
    expect(snapshot(42)).not.toBe(snapshot(43))
  })

  it('keeps an employee the same when more employees are generated', () => {
    const small = [...dataset(9, 10).employees.values()][7]
    const large = [...dataset(9, 50).employees.values()][7]
    expect(large).toEqual(small)
  })

  it('gives every employee a valid BSN (some with a leading zero) or null', () => {
    const bsns = [...dataset(1).employees.values()].map((entry) => entry.bsn)
    const present = bsns.filter((bsn): bsn is string => bsn !== null)
    expect(present.every(isValidBsn)).toBe(true)
    expect(present.filter((bsn) => bsn.startsWith('0')).length).toBeGreaterThan(5)
    expect(new Set(present).size).toBe(present.length)
    expect(isValidBsn('123456782')).toBe(true)
    expect(isValidBsn('123456789')).toBe(false)
  })

  it('covers the variations a connector must handle', () => {
    const data = dataset(2)
    const employees = [...data.employees.values()].map((entry) => entry.employee)
    const employments = [...data.employments.values()]
    const postalCodes = employees.map((employee) => employee.address?.postalCode ?? '')
    expect(postalCodes.some((code) => /^\d{4}[A-Z]{2}$/.test(code))).toBe(true)
    expect(postalCodes.some((code) => /^\d{4} [A-Z]{2}$/.test(code))).toBe(true)
    expect(postalCodes.some((code) => /^\d{4} ?[a-z]{2}$/.test(code))).toBe(true)
    expect(employees.some((employee) => employee.address?.country.isoCode !== 'NL')).toBe(true)
    expect(employees.some((employee) => employee.personalDetails.prefix !== null)).toBe(true)
    expect(new Set(employees.filter((employee) => employee.personalDetails.lastNamePartner)
      .map((employee) => employee.personalDetails.howToFormatLastName.key)).size).toBeGreaterThan(2)
    expect(employments.some((entry) => entry.employment.isOnCallEmployment)).toBe(true)
    expect(employments.some((entry) => entry.employment.endDate !== null && entry.employment.endOfEmploymentReason !== null)).toBe(true)
    expect(new Set(employments.map((entry) => entry.employment.employmentDurationType.key)).size).toBe(2)
    const perEmployee = new Map<string, number>()
    for (const entry of employments) perEmployee.set(entry.employeeId, (perEmployee.get(entry.employeeId) ?? 0) + 1)
    expect([...perEmployee.values()].some((count) => count === 2)).toBe(true)
    expect(employments.some((entry) => entry.wages.some((wage) => wage.startDate > referenceDate))).toBe(true)
    expect(new Set(employments.flatMap((entry) => entry.wages.map((wage) => wage.grossWageType?.key))).size).toBe(2)
    expect(employments.some((entry) => (entry.workingHours[0]?.averageParttimeFactor ?? 100) < 100)).toBe(true)
  })

  it('puts the documented named employees at employer 0, whatever the seed', () => {
    for (const seed of [1, 77]) {
      const sandbox = createLoketSandbox({ seed, employeesPerEmployer: 6, now: () => Date.parse(`${referenceDate}T12:00:00Z`) })
      const [susan, jan, emma, pieter, fleur] = [...sandbox.data.employees.values()]
      const employmentsOf = (id: string) => [...sandbox.data.employments.values()].filter((entry) => entry.employeeId === id)

      expect(susan!.employee.personalDetails.formattedName).toBe('Wiel - van Bergen S.L. van de')
      expect(susan!.bsn).toBe('012345672')
      expect(susan!.employee.address?.postalCode).toBe('2311 ab')
      const [susanJob] = employmentsOf(susan!.employee.id)
      expect(susanJob!.workingHours[0]).toMatchObject({ aggregatedHoursPerWeek: 24, deviatingHoursPerWeek: 24, averageParttimeFactor: 60, shift: { fullTimeHoursPerWeek: 40 } })
      expect(susanJob!.wages).toHaveLength(1)
      expect(susanJob!.wages[0]).toMatchObject({ grossWage: 18.75, grossWageType: { key: 2 }, startDate: '2018-01-01', endDate: null })

      expect(jan!.bsn).toBe('123456782')
      const janJobs = employmentsOf(jan!.employee.id)
      expect(janJobs.map((entry) => [entry.employment.startDate, entry.employment.endDate])).toEqual([['2015-03-01', '2019-12-31'], ['2020-01-01', null]])
      expect(janJobs[1]!.wages.map((wage) => [wage.startDate, wage.endDate, wage.grossWage])).toEqual([
        ['2020-01-01', '2022-12-31', 3200], ['2023-01-01', '2026-04-30', 3400], ['2026-05-01', null, 3502],
      ])

      expect(emma!.employee.address?.country.isoCode).toBe('BE')
      expect(employmentsOf(emma!.employee.id)[0]!.employment.isOnCallEmployment).toBe(true)
      expect(employmentsOf(pieter!.employee.id)[0]!.employment).toMatchObject({ endDate: '2024-06-30', endOfEmploymentReason: { value: 'Ontslag op eigen verzoek' } })
      expect(fleur!.bsn).toBeNull()
    }
  })
})

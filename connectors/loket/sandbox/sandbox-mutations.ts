import type { Rng } from './create-rng.js'
import type { HireOverrides, HireResult, RaiseSalaryOptions, SandboxDataset, SandboxEmployment, SandboxMutations } from './sandbox-types.js'
import { buildAddress } from './build-address.js'
import { buildEmployee } from './build-employee.js'
import { buildEmployment, dayBefore } from './build-employment.js'
import { buildPayrollPeriodData, buildWage } from './build-chains.js'
import { generateBsn, isValidBsn } from './bsn.js'
import { endOfEmploymentReasons } from './loket-metadata.js'
import { firstOfMonth } from './sandbox-dates.js'
import { buildChild, buildPartner } from './build-people.js'
import { nextVersion, touchEmployee, touchEmployer, touchEmployment } from './version-clock.js'

export function createMutations(data: SandboxDataset, rng: Rng, today: () => string): SandboxMutations {
  const employmentOf = (id: string): SandboxEmployment => {
    const entry = data.employments.get(id)
    if (!entry) throw new Error(`unknown employment ${id}`)
    return entry
  }
  const employeeOf = (id: string) => {
    const entry = data.employees.get(id)
    if (!entry) throw new Error(`unknown employee ${id}`)
    return entry
  }
  /** Ends a chain at `endDate`: later records go, the covering one is closed. */
  const closeChain = <T extends { startDate: string; endDate: string | null }>(records: T[], endDate: string): T[] =>
    records.filter((record) => record.startDate <= endDate).map((record) =>
      record.endDate === null || record.endDate > endDate ? { ...record, endDate } : record)

  return {
    changeAddress(employeeId, partial) {
      const entry = employeeOf(employeeId)
      const current = entry.employee.address
      entry.employee.address = partial && current ? { ...current, ...partial } : { ...buildAddress(rng, { foreign: false }), ...partial }
      touchEmployee(data, employeeId)
    },
    raiseSalary(employmentId, options = {}) {
      const entry = employmentOf(employmentId)
      const startDate = options.startDate ?? firstOfMonth(today(), 1)
      const base = [...entry.wages].reverse().find((wage) => wage.startDate < startDate) ?? entry.wages[entry.wages.length - 1]
      if (!base) throw new Error(`employment ${employmentId} has no wage`)
      const amount = Math.round((base.grossWage ?? 0) * (100 + (options.percent ?? 3))) / 100
      entry.wages = closeChain(entry.wages, dayBefore(startDate))
      entry.wages.push(buildWage(rng, {
        start: startDate, end: entry.employment.endDate, amount, hourly: base.grossWageType?.key === 2, fullTimeBasis: base.isGrossWageFullTime,
      }))
      touchEmployment(data, employmentId)
    },
    hire(employerId, overrides = {}) {
      const employer = data.employers.get(employerId)
      if (!employer) throw new Error(`unknown employer ${employerId}`)
      const siblings = [...data.employees.values()].filter((entry) => entry.employerId === employerId)
      const employeeNumber = Math.max(0, ...siblings.map((entry) => entry.employee.employeeNumber)) + 1
      const payrollId = Math.max(0, ...[...data.employments.values()].filter((entry) => entry.employerId === employerId)
        .map((entry) => entry.employment.payrollId)) + 10
      const employee = buildEmployee(rng, {
        id: rng.uuid(), employeeNumber, referenceDate: today(),
        ...(overrides.firstName === undefined ? {} : { firstName: overrides.firstName }),
        ...(overrides.lastName === undefined ? {} : { lastName: overrides.lastName, prefix: overrides.prefix ?? null }),
      })
      const bsn = overrides.bsn ?? generateBsn(rng)
      if (!isValidBsn(bsn)) throw new Error('hire: the BSN does not pass the 11-test')
      data.employees.set(employee.id, { employerId, employee, bsn, partners: [], children: [] })
      const employment = buildEmployment(rng, {
        id: rng.uuid(), employerId, employeeId: employee.id, catalog: employer.catalog, payrollId, incomeRelationshipNumber: 1,
        startDate: overrides.startDate ?? firstOfMonth(today(), 1), referenceDate: today(), definite: false, onCall: false,
        namePayslip: employee.personalDetails.formattedName,
        ...(overrides.grossWage === undefined ? {} : { grossWage: overrides.grossWage, hourly: overrides.grossWage < 100 }),
        ...(overrides.hoursPerWeek === undefined ? {} : { hoursPerWeek: overrides.hoursPerWeek }),
      })
      data.employments.set(employment.employment.id, employment)
      touchEmployment(data, employment.employment.id)
      return { employeeId: employee.id, employmentId: employment.employment.id }
    },
    terminate(employmentId, endDate, reason) {
      const entry = employmentOf(employmentId)
      entry.employment.endDate = endDate
      entry.employment.endOfEmploymentReason = endOfEmploymentReasons.find((known) => known.value === reason)
        ?? (reason ? { key: 99, value: reason } : endOfEmploymentReasons[0] ?? null)
      entry.employment.endOfEmploymentDueToIllness = false
      entry.wages = closeChain(entry.wages, endDate)
      entry.workingHours = closeChain(entry.workingHours, endDate)
      entry.organizationalEntities = closeChain(entry.organizationalEntities, endDate)
      touchEmployment(data, employmentId)
    },
    removeEmployee(employeeId) {
      const entry = employeeOf(employeeId)
      for (const [id, employment] of data.employments) if (employment.employeeId === employeeId) data.employments.delete(id)
      data.employees.delete(employeeId)
      // A deletion is a change too: the employer's number moves on.
      const employer = data.employers.get(entry.employerId)
      if (employer) employer.lastModifiedVersionNumber = nextVersion(data)
    },
    setBsn(employeeId, bsn) {
      employeeOf(employeeId).bsn = bsn
      touchEmployee(data, employeeId)
    },
    renameEmployer(employerId, companyName) {
      const employer = data.employers.get(employerId)
      if (!employer) throw new Error(`unknown employer ${employerId}`)
      // Like Loket, no version number moves: the employer's follows its employments, not its own record.
      employer.employer.companyName = companyName
    },
    addPartner(employeeId, overrides = {}) {
      const entry = employeeOf(employeeId)
      const partner = buildPartner(rng, entry.employee, { ...overrides, startDate: overrides.startDate ?? today() })
      entry.partners.push(partner)
      touchEmployee(data, employeeId)
      return partner.id
    },
    endPartner(partnerId, endDate) {
      const entry = [...data.employees.values()].find((employee) => employee.partners.some((partner) => partner.id === partnerId))
      if (!entry) throw new Error(`unknown partner ${partnerId}`)
      entry.partners = entry.partners.map((partner) => partner.id === partnerId ? { ...partner, endDate: endDate ?? today() } : partner)
      touchEmployee(data, entry.employee.id)
    },
    addChild(employeeId, overrides = {}) {
      const entry = employeeOf(employeeId)
      const child = buildChild(rng, entry.employee, { ...overrides, today: today() })
      entry.children.push(child)
      touchEmployee(data, employeeId)
      return child.id
    },
    removePartner(partnerId) {
      const entry = [...data.employees.values()].find((employee) => employee.partners.some((partner) => partner.id === partnerId))
      if (!entry) throw new Error(`unknown partner ${partnerId}`)
      entry.partners = entry.partners.filter((partner) => partner.id !== partnerId)
      touchEmployee(data, entry.employee.id)
    },
    removeChild(childId) {
      const entry = [...data.employees.values()].find((employee) => employee.children.some((child) => child.id === childId))
      if (!entry) throw new Error(`unknown child ${childId}`)
      entry.children = entry.children.filter((child) => child.id !== childId)
      touchEmployee(data, entry.employee.id)
    },
    addPayrollPeriodData(employmentId) {
      const entry = employmentOf(employmentId)
      const employer = data.employers.get(entry.employerId)
      if (!employer) throw new Error(`unknown employer ${entry.employerId}`)
      const date = today()
      // Variable data (variabele gegevens): deliberately no version bump, like Loket.
      entry.payrollPeriodData.push(buildPayrollPeriodData(rng, {
        year: Number(date.slice(0, 4)), periodNumber: Number(date.slice(5, 7)), catalog: employer.catalog,
        fullTime: entry.workingHours[0]?.shift.fullTimeHoursPerWeek ?? 40,
      }))
    },
  }
}

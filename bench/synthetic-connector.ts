import { z } from 'zod'
import { defineConnector } from '../core/connector.js'
import type { CanonicalRecord } from '../core/model/index.js'
import { canonicalJson, contentHash } from '../core/sync/canonical-json.js'

/**
 * A connector that generates `employees` employees (each with one employment, one
 * working-hours and one wage record) on the fly, so the benchmark measures Koppel and not a
 * data set held in memory, in pages of 250 employees (Loket's default page size). With `changedEvery` set, every n-th employee has all four records
 * changed (n = 100 → 1% of the records); with `changedPercent` set, that share of every
 * hundred employees (30 → 30% of the records). With `payrollPeriods` each employment also has that
 * many monthly payroll results (three components each, Loket's shape); a changed employee's
 * results change too (its salary component).
 */
export function syntheticConnector(options: { employees: number; pageSize?: number; payrollPeriods?: number }) {
  /** `sourceMs`: time spent making records (the source's cost, reported apart from diff+commit). */
  const state = { changedEvery: 0, changedPercent: 0, sourceMs: 0 }
  const connector = defineConnector({
    id: 'synthetic', displayName: 'Synthetic', status: 'beta', apiVersion: 1,
    settings: z.strictObject({}), auth: { kind: 'none' },
    async *fetch(ctx) {
      const pageSize = options.pageSize ?? 250
      for (let start = 0; start < options.employees; start += pageSize) {
        const started = performance.now()
        const items: CanonicalRecord[] = []
        for (let n = start; n < Math.min(start + pageSize, options.employees); n++) {
          items.push(...records(ctx.employer.id, n, (state.changedEvery > 0 && n % state.changedEvery === 0) || n % 100 < state.changedPercent, options.payrollPeriods ?? 0))
        }
        state.sourceMs += performance.now() - started
        yield { type: 'records', items }
      }
    },
    normalize: (page) => [...page.items],
  })
  return { connector, state }
}

export function records(employerId: string, n: number, changed: boolean, payrollPeriods = 0): CanonicalRecord[] {
  return [...staticRecords(employerId, n, changed), ...payrollResults(employerId, n, changed, payrollPeriods)]
}

const hours = { code: '1', label: 'Uren' }
const wagesCategory = { code: '2', label: 'Loon' }
const deduction = { code: '5', label: 'Inhouding' }
const socialColumn = { code: '6', label: 'Sociaalplichtig loon' }
const pensionColumn = { code: '8', label: 'Pensioen' }
const normal = { code: '1', label: 'Normaal strook' }

/** `periods` monthly results, counting back from December 2025, of employment `job-<n>`. */
function payrollResults(employerId: string, n: number, changed: boolean, periods: number): CanonicalRecord[] {
  const out: CanonicalRecord[] = []
  const gross = 350000 + n + (changed ? 10000 : 0)
  for (let back = periods - 1; back >= 0; back--) {
    const total = 2025 * 12 + 11 - back
    const year = Math.floor(total / 12)
    const periodNumber = (total % 12) + 1
    const month = String(periodNumber).padStart(2, '0')
    const lastDay = new Date(Date.UTC(year, periodNumber, 0)).getUTCDate()
    out.push({ entity: 'payroll_result', record: {
      id: `job-${n}:${year}-${month}:1`, employerId, employmentId: `job-${n}`, payrollAdministrationId: 'pa-1', year, periodNumber,
      periodStartDate: `${year}-${month}-01`, periodEndDate: `${year}-${month}-${lastDay}`, payslipType: normal,
      components: {
        1: { name: 'Uren gewerkt', category: hours, column: socialColumn, amountCents: null, quantity: 173.2, specialTariffAmountCents: null, specialTariffQuantity: null },
        70: { name: 'Salaris', category: wagesCategory, column: socialColumn, amountCents: gross, quantity: null, specialTariffAmountCents: 0, specialTariffQuantity: null },
        151: { name: 'Pensioen wn', category: deduction, column: pensionColumn, amountCents: -Math.round(gross * 0.045), quantity: null, specialTariffAmountCents: 0, specialTariffQuantity: null },
      },
    } })
  }
  return out
}

function staticRecords(employerId: string, n: number, changed: boolean): CanonicalRecord[] {
  const suffix = changed ? 'b' : 'a'
  return [
    { entity: 'employee', record: {
      id: `emp-${n}`, employerId, employeeNumber: String(n), bsn: null,
      name: { initials: 'J.', firstName: `Jan${n}`, prefix: n % 3 ? null : 'van', lastName: `Jansen${n}`, partnerPrefix: null, partnerLastName: null, nameUsage: 'own', formatted: `Jansen${n}, J.` },
      dateOfBirth: '1980-01-15', dateOfDeath: null, gender: n % 2 ? 'female' : 'male', nationality: { code: '1', label: 'Nederlandse' }, civilStatus: null,
      address: { street: `Voordijk${suffix}`, houseNumber: String(n % 200), houseNumberAddition: null, postalCode: '1234 AB', city: 'Leiden', countryCode: 'NL' },
      contact: { email: `jan${n}@example.nl`, phone: null, mobile: null },
    } },
    { entity: 'employment', record: {
      id: `job-${n}`, employerId, employeeId: `emp-${n}`, startDate: '2020-01-01', endDate: changed ? '2027-01-31' : null, historicalStartDate: null,
      endReason: null, endedDueToIllness: null, contractType: 'permanent', isDirectorMajorShareholder: false, payrollId: String(n),
      incomeRelationshipNumber: '1', payrollAdministrationId: 'pa-1', job: { code: 'DEV', title: 'Developer' }, department: { code: '10', name: 'IT' },
    } },
    { entity: 'working_hours', record: {
      id: `wh-${n}`, employerId, employmentId: `job-${n}`, startDate: '2020-01-01', endDate: null, hoursPerWeek: changed ? 32 : 40, fullTimeHoursPerWeek: 40, partTimeFactor: changed ? 0.8 : 1,
    } },
    { entity: 'wage', record: {
      id: `wage-${n}`, employerId, employmentId: `job-${n}`, startDate: '2020-01-01', endDate: null, grossAmountCents: 350000 + n + (changed ? 10000 : 0),
      currency: 'EUR', period: 'month', fullTimeBasis: true, payScale: null, payGrade: null,
    } },
  ]
}

/**
 * The floors' rows: every record of `employees` employees (original versions) as
 * [entity, id, hash, canonical JSON], made before a floor's clock starts (for free).
 */
export function floorRows(employees: number, payrollPeriods = 0): Array<[entity: string, id: string, hash: string, data: string]> {
  const rows: Array<[string, string, string, string]> = []
  for (let n = 0; n < employees; n++) {
    for (const item of records('er-1', n, false, payrollPeriods)) {
      const data = canonicalJson(item.record)
      rows.push([item.entity, item.record.id, contentHash(data), data])
    }
  }
  return rows
}

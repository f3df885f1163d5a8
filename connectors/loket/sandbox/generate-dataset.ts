import { createRng, type Rng } from './create-rng.js'
import type { EmployeeInput, EmployerCatalog, GeneratedEmployee, SandboxDataset, SandboxEmployment } from './sandbox-types.js'
import { buildEmployer } from './build-employer.js'
import { buildEmployee } from './build-employee.js'
import { buildEmployment } from './build-employment.js'
import { buildPayrollPeriodData } from './build-chains.js'
import { generateBsn } from './bsn.js'
import { addDays, addYears, firstOfMonth } from './sandbox-dates.js'
import { initialVersionNumber, nextVersion } from './version-clock.js'
import { buildNamedEmployee, namedEmployeeCount } from './named-employees.js'
import { buildFamily } from './build-people.js'

export interface DatasetOptions {
  seed: number
  employers: number
  employeesPerEmployer: number
  /** "Today" for the generated dates (YYYY-MM-DD): future raises start after it. */
  referenceDate: string
}

/** Mixes seed and positions so each employee has its own stream (adding employees changes no one else). */
export function streamSeed(seed: number, ...positions: number[]): number {
  let hash = seed >>> 0
  for (const position of positions) hash = Math.imul(hash ^ (position + 0x9e3779b9), 0x85ebca6b) >>> 0
  return hash
}

/** The deterministic dataset for a seed; named fixture employees fill the first slots of employer 0. */
export function generateDataset(options: DatasetOptions): SandboxDataset {
  const data: SandboxDataset = {
    employers: new Map(), employees: new Map(), employments: new Map(),
    versionCounter: { current: initialVersionNumber },
    payroll: new Map(),
  }
  const usedBsns = new Set<string>()
  for (let e = 0; e < options.employers; e++) {
    const employer = buildEmployer(createRng(streamSeed(options.seed, e)), e)
    data.employers.set(employer.employer.id, employer)
    for (let n = 0; n < options.employeesPerEmployer; n++) {
      const rng = createRng(streamSeed(options.seed, e, n + 1))
      const input = { employerId: employer.employer.id, catalog: employer.catalog, employeeNumber: n + 1, referenceDate: options.referenceDate }
      const generated = e === 0 && n < namedEmployeeCount
        ? buildNamedEmployee(rng, n, input)
        : buildRandomEmployee(rng, input)
      // BSNs are unique per person; redraw the rare collision in big datasets.
      let bsn = generated.bsn
      while (bsn !== null && usedBsns.has(bsn)) bsn = generateBsn(rng, bsn.startsWith('0'))
      if (bsn !== null) usedBsns.add(bsn)
      // The family draws from a stream of its own: adding it moved nothing else of the dataset.
      const family = buildFamily(createRng(streamSeed(options.seed, e, n + 1, 0xfa)), generated.employee, options.referenceDate)
      data.employees.set(generated.employee.id, { employerId: employer.employer.id, employee: generated.employee, bsn, ...family })
      for (const employment of generated.employments) {
        employment.payrollPeriodData = samplePayrollPeriodData(rng, employment, employer.catalog, options.referenceDate)
        employment.lastModifiedVersionNumber = nextVersion(data)
        employer.lastModifiedVersionNumber = employment.lastModifiedVersionNumber
        data.employments.set(employment.employment.id, employment)
      }
    }
    if (employer.lastModifiedVersionNumber === 0) employer.lastModifiedVersionNumber = nextVersion(data)
  }
  return data
}

/** A random employee: ~12% two employments, ~10% terminated, ~8% on call, ~20% a future raise. */
export function buildRandomEmployee(rng: Rng, input: EmployeeInput, payrollIdStart = input.employeeNumber * 10): GeneratedEmployee {
  const employee = buildEmployee(rng, { id: rng.uuid(), employeeNumber: input.employeeNumber, referenceDate: input.referenceDate })
  const bsn = generateBsn(rng, rng.chance(0.1))
  const common = {
    employerId: input.employerId, employeeId: employee.id, catalog: input.catalog, referenceDate: input.referenceDate,
    namePayslip: employee.personalDetails.formattedName,
  }
  const roll = rng.next()
  const earliest = addYears(employee.personalDetails.dateOfBirth, 18) > '2005-01-01' ? addYears(employee.personalDetails.dateOfBirth, 18) : '2005-01-01'
  const span = Math.max(30, Math.floor((Date.parse(input.referenceDate) - Date.parse(earliest)) / 86_400_000) - 60)
  const startDate = firstOfMonth(addDays(earliest, rng.int(0, span)))
  const employments: SandboxEmployment[] = []
  if (roll < 0.12) {
    const firstEnd = addDays(firstOfMonth(addDays(startDate, rng.int(200, 900))), -1)
    const secondStart = addDays(firstEnd, 1) < input.referenceDate ? addDays(firstEnd, 1) : startDate
    employments.push(buildEmployment(rng, { ...common, id: rng.uuid(), payrollId: payrollIdStart, incomeRelationshipNumber: 1, startDate, endDate: secondStart === startDate ? null : firstEnd, definite: true }))
    if (secondStart !== startDate) {
      employments.push(buildEmployment(rng, { ...common, id: rng.uuid(), payrollId: payrollIdStart + 1, incomeRelationshipNumber: 2, startDate: secondStart, futureRaise: rng.chance(0.2) }))
    }
  } else if (roll < 0.22) {
    const endDate = addDays(firstOfMonth(addDays(startDate, rng.int(60, 3000))), -1)
    const ended = endDate < input.referenceDate ? endDate : addDays(firstOfMonth(input.referenceDate), -1)
    employments.push(buildEmployment(rng, { ...common, id: rng.uuid(), payrollId: payrollIdStart, incomeRelationshipNumber: 1, startDate, endDate: ended > startDate ? ended : null }))
  } else {
    employments.push(buildEmployment(rng, {
      ...common, id: rng.uuid(), payrollId: payrollIdStart, incomeRelationshipNumber: 1, startDate,
      onCall: roll > 0.92, futureRaise: rng.chance(0.2),
    }))
  }
  return { employee, bsn, employments }
}

/** One or two variable-data records in the reference year for employments still running. */
function samplePayrollPeriodData(rng: Rng, employment: SandboxEmployment, catalog: EmployerCatalog, referenceDate: string): SandboxEmployment['payrollPeriodData'] {
  if (employment.employment.endDate) return []
  const fullTime = employment.workingHours[0]?.shift.fullTimeHoursPerWeek ?? 40
  const year = Number(referenceDate.slice(0, 4))
  const month = Number(referenceDate.slice(5, 7))
  const count = rng.int(0, 2)
  return Array.from({ length: count }, (_, i) => buildPayrollPeriodData(rng, { year, periodNumber: Math.max(1, month - i), catalog, fullTime }))
}

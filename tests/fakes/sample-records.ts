import type { Child, Employee, Employment, Partner, PayrollResult, Wage, WorkingHours } from '../../core/model/index.js'

/** Valid BSNs (11-test), some with a leading zero. */
export const sampleBsns = ['111222333', '123456782', '010000018', '001234567'].filter(Boolean)

export function sampleEmployee(employerId: string, n: number, overrides: Partial<Employee> = {}): Employee {
  return {
    id: `emp-${n}`, employerId, employeeNumber: String(1000 + n), bsn: validBsn(n),
    name: { initials: 'J.', firstName: `Jan${n}`, prefix: n % 3 === 0 ? 'van' : null, lastName: `Jansen${n}`, partnerPrefix: null, partnerLastName: null, nameUsage: 'own', formatted: `Jansen${n}, J.` },
    dateOfBirth: '1980-01-15', dateOfDeath: null, gender: n % 2 ? 'female' : 'male', nationality: { code: '1', label: 'Nederlandse' }, civilStatus: null,
    address: { street: 'Voordijk', houseNumber: String(n + 1), houseNumberAddition: null, postalCode: '1234 AB', city: 'Leiden', countryCode: 'NL' },
    contact: { email: `jan${n}@example.nl`, phone: null, mobile: null },
    ...overrides,
  }
}

export function sampleEmployment(employerId: string, n: number, overrides: Partial<Employment> = {}): Employment {
  return {
    id: `job-${n}`, employerId, employeeId: `emp-${n}`, startDate: '2020-01-01', endDate: null, historicalStartDate: null, endReason: null,
    endedDueToIllness: null, contractType: 'permanent', isDirectorMajorShareholder: false, payrollId: String(n), incomeRelationshipNumber: '1',
    payrollAdministrationId: 'pa-1', job: { code: 'DEV', title: 'Developer' }, department: { code: '10', name: 'IT' },
    ...overrides,
  }
}

export function sampleWage(employerId: string, n: number, overrides: Partial<Wage> = {}): Wage {
  return {
    id: `wage-${n}`, employerId, employmentId: `job-${n}`, startDate: '2020-01-01', endDate: null, grossAmountCents: 350000 + n,
    currency: 'EUR', period: 'month', fullTimeBasis: true, payScale: null, payGrade: null, ...overrides,
  }
}

export function sampleWorkingHours(employerId: string, n: number, overrides: Partial<WorkingHours> = {}): WorkingHours {
  return {
    id: `wh-${n}`, employerId, employmentId: `job-${n}`, startDate: '2020-01-01', endDate: null, hoursPerWeek: 40,
    fullTimeHoursPerWeek: 40, partTimeFactor: 1, ...overrides,
  }
}

export function samplePartner(employerId: string, n: number, overrides: Partial<Partner> = {}): Partner {
  return {
    id: `partner-${n}`, employerId, employeeId: `emp-${n}`, name: { initials: 'A.', firstName: `Anna${n}`, prefix: null, lastName: `Bakker${n}` },
    dateOfBirth: '1982-03-01', dateOfDeath: null, gender: 'female', startDate: '2010-06-01', endDate: null, ...overrides,
  }
}

export function sampleChild(employerId: string, n: number, overrides: Partial<Child> = {}): Child {
  return {
    id: `child-${n}`, employerId, employeeId: `emp-${n}`, name: { initials: 'S.', firstName: `Sem${n}`, prefix: null, lastName: `Jansen${n}` },
    dateOfBirth: '2012-09-01', dateOfDeath: null, gender: 'male', ...overrides,
  }
}

/** The n-th 9-digit number passing the 11-test (deterministic). */
export function validBsn(n: number): string {
  let candidate = 100000000 + n * 7919
  for (;;) {
    const digits = String(candidate).padStart(9, '0')
    let sum = 0
    for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i)
    if ((sum - Number(digits[8])) % 11 === 0) return digits
    candidate++
  }
}

/** The payroll result of employment `job-<n>` for month `month` of 2026, normal payslip, salary component 70 and hours component 1. */
export function samplePayrollResult(employerId: string, n: number, month: number, overrides: Partial<PayrollResult> = {}): PayrollResult {
  const mm = String(month).padStart(2, '0')
  return {
    id: `job-${n}:2026-${mm}:1`, employerId, employmentId: `job-${n}`, payrollAdministrationId: 'pa-1', year: 2026, periodNumber: month,
    periodStartDate: `2026-${mm}-01`, periodEndDate: `2026-${mm}-28`, payslipType: { code: '1', label: 'Normaal strook' },
    components: {
      '1': { name: 'Uren gewerkt', category: { code: '1', label: 'Uren' }, column: { code: '6', label: 'Sociaalplichtig loon' }, amountCents: null, quantity: 173.2, specialTariffAmountCents: null, specialTariffQuantity: 0 },
      '70': { name: 'Salaris', category: { code: '2', label: 'Loon' }, column: { code: '6', label: 'Sociaalplichtig loon' }, amountCents: 350000 + n, quantity: null, specialTariffAmountCents: 0, specialTariffQuantity: null },
    },
    ...overrides,
  }
}

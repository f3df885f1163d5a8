import type { Rng } from './create-rng.js'
import type { EmployeeInput, GeneratedEmployee } from './sandbox-types.js'
import type { LoketAddress } from './loket-types.js'
import { buildEmployee } from './build-employee.js'
import { buildEmployment } from './build-employment.js'
import { buildWage } from './build-chains.js'
import { formatName } from './format-name.js'
import { gender, howToFormatLastName, netherlands } from './loket-metadata.js'
import { firstOfMonth, addDays } from './sandbox-dates.js'

/**
 * Hand-checkable fixtures: employees 0..4 of employer 0 (any seed; ids and other details
 * follow the seed). Wage amounts are in euros as Loket sends them.
 *
 * 0. Susan van Bergen, partner "van de Wiel", name usage "partner then own": formattedName
 *    "Wiel - van Bergen S.L. van de"; BSN 012345672 (leading zero); address Voordijk 12 D,
 *    "2311 ab" Leiden NL; one employment from 2018-01-01, indefinite; 24 of 40 hours
 *    (deviatingHoursPerWeek 24, averageParttimeFactor 60); one hourly wage 18.75 from 2018-01-01.
 * 1. Jan Jansen, no prefix, BSN 123456782, two employments: 2015-03-01..2019-12-31 (definite,
 *    ended "Einde tijdelijk contract") and from 2020-01-01 (indefinite, 40/40 hours) with
 *    monthly wages 3200 (2020-01-01..2022-12-31), 3400 (from 2023-01-01) and a future-dated
 *    raise to 3502 starting on the first day of the second month after the reference date.
 * 2. Emma de Vries, BSN 111222333, lives in Antwerpen, Belgium (postal code "2000", isoCode BE); on-call
 *    employment from 2022-06-01 (isOnCallEmployment true), hourly wage 14.50.
 * 3. Pieter Bakker, BSN 987654329, terminated: 2016-05-01..2024-06-30, reason "Ontslag op eigen verzoek".
 *    Monthly wage 3800, 36 of 36 hours.
 * 4. Fleur ter Horst, no BSN registered (citizenServiceNumber null), postal code "1012AB".
 */
export const namedEmployeeCount = 5

const address = (street: string, houseNumber: number, addition: string | null, postalCode: string, city: string): LoketAddress => ({
  street, houseNumber, houseNumberAddition: addition, postalCode, city, location: null, country: { ...netherlands }, furtherIndication: null,
})

/** Own name only, fixed gender: keeps the fixtures free of random partner names. */
function plainName(employee: GeneratedEmployee['employee'], initials: string, female: boolean): void {
  Object.assign(employee.personalDetails, {
    initials, gender: female ? gender.female : gender.male, prefixPartner: null, lastNamePartner: null, howToFormatLastName: howToFormatLastName.own,
  })
  employee.personalDetails.formattedName = formatName(employee.personalDetails)
}

export function buildNamedEmployee(rng: Rng, index: number, input: EmployeeInput): GeneratedEmployee {
  const base = { id: rng.uuid(), employeeNumber: input.employeeNumber, referenceDate: input.referenceDate }
  const common = { employerId: input.employerId, catalog: input.catalog, referenceDate: input.referenceDate }
  const payrollId = input.employeeNumber * 10
  if (index === 0) {
    const employee = buildEmployee(rng, { ...base, firstName: 'Susan', lastName: 'Bergen', prefix: 'van', address: address('Voordijk', 12, 'D', '2311 ab', 'Leiden') })
    const details = employee.personalDetails
    Object.assign(details, {
      initials: 'S.L.', prefixPartner: 'van de', lastNamePartner: 'Wiel', howToFormatLastName: howToFormatLastName.partnerThenOwn,
      gender: gender.female, dateOfBirth: '1995-05-21', aowDate: '2062-08-21',
      nationality: { key: 2, value: 'Dutch' }, civilStatus: { key: 2, value: 'Married' },
    })
    details.formattedName = formatName(details)
    const employment = buildEmployment(rng, {
      ...common, id: rng.uuid(), employeeId: employee.id, payrollId, incomeRelationshipNumber: 1, startDate: '2018-01-01',
      definite: false, hourly: true, grossWage: 18.75, hoursPerWeek: 24, fullTimeHoursPerWeek: 40, namePayslip: details.formattedName,
    })
    employment.wages = [buildWage(rng, { start: '2018-01-01', end: null, amount: 18.75, hourly: true })]
    return { employee, bsn: '012345672', employments: [employment] }
  }
  if (index === 1) {
    const employee = buildEmployee(rng, { ...base, firstName: 'Jan', lastName: 'Jansen', prefix: null })
    plainName(employee, 'J.', false)
    const namePayslip = employee.personalDetails.formattedName
    const first = buildEmployment(rng, {
      ...common, id: rng.uuid(), employeeId: employee.id, payrollId, incomeRelationshipNumber: 1, startDate: '2015-03-01',
      endDate: '2019-12-31', endReason: { key: 3, value: 'Einde tijdelijk contract' }, definite: true, hourly: false, grossWage: 2900,
      hoursPerWeek: 40, fullTimeHoursPerWeek: 40, namePayslip,
    })
    first.wages = [buildWage(rng, { start: '2015-03-01', end: '2019-12-31', amount: 2900, hourly: false })]
    const second = buildEmployment(rng, {
      ...common, id: rng.uuid(), employeeId: employee.id, payrollId: payrollId + 1, incomeRelationshipNumber: 2, startDate: '2020-01-01',
      definite: false, hourly: false, hoursPerWeek: 40, fullTimeHoursPerWeek: 40, namePayslip,
    })
    const raise = firstOfMonth(input.referenceDate, 2)
    second.wages = [
      buildWage(rng, { start: '2020-01-01', end: '2022-12-31', amount: 3200, hourly: false }),
      buildWage(rng, { start: '2023-01-01', end: addDays(raise, -1), amount: 3400, hourly: false }),
      buildWage(rng, { start: raise, end: null, amount: 3502, hourly: false }),
    ]
    return { employee, bsn: '123456782', employments: [first, second] }
  }
  if (index === 2) {
    const employee = buildEmployee(rng, {
      ...base, firstName: 'Emma', lastName: 'Vries', prefix: 'de',
      address: { street: 'Meir', houseNumber: 44, houseNumberAddition: null, postalCode: '2000', city: 'Antwerpen', location: null, country: { isoCode: 'BE', key: 2, value: 'Belgium' }, furtherIndication: null },
    })
    plainName(employee, 'E.', true)
    const employment = buildEmployment(rng, {
      ...common, id: rng.uuid(), employeeId: employee.id, payrollId, incomeRelationshipNumber: 1, startDate: '2022-06-01',
      onCall: true, definite: false, hourly: true, grossWage: 14.5, hoursPerWeek: 0, fullTimeHoursPerWeek: 40, namePayslip: employee.personalDetails.formattedName,
    })
    employment.wages = [buildWage(rng, { start: '2022-06-01', end: null, amount: 14.5, hourly: true })]
    return { employee, bsn: '111222333', employments: [employment] }
  }
  if (index === 3) {
    const employee = buildEmployee(rng, { ...base, firstName: 'Pieter', lastName: 'Bakker', prefix: null })
    plainName(employee, 'P.', false)
    const employment = buildEmployment(rng, {
      ...common, id: rng.uuid(), employeeId: employee.id, payrollId, incomeRelationshipNumber: 1, startDate: '2016-05-01',
      endDate: '2024-06-30', endReason: { key: 2, value: 'Ontslag op eigen verzoek' }, definite: false, hourly: false,
      grossWage: 3800, hoursPerWeek: 36, fullTimeHoursPerWeek: 36, namePayslip: employee.personalDetails.formattedName,
    })
    return { employee, bsn: '987654329', employments: [employment] }
  }
  const employee = buildEmployee(rng, { ...base, firstName: 'Fleur', lastName: 'Horst', prefix: 'ter', address: address('Damrak', 70, null, '1012AB', 'Amsterdam') })
  plainName(employee, 'F.', true)
  const employment = buildEmployment(rng, {
    ...common, id: rng.uuid(), employeeId: employee.id, payrollId, incomeRelationshipNumber: 1, startDate: '2021-09-01',
    definite: true, hourly: false, grossWage: 2750, hoursPerWeek: 32, fullTimeHoursPerWeek: 40, namePayslip: employee.personalDetails.formattedName,
  })
  return { employee, bsn: null, employments: [employment] }
}

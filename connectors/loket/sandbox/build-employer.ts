import type { Rng } from './create-rng.js'
import type { EmployerCatalog, SandboxEmployer } from './sandbox-types.js'
import { companyNames, departments, dutchCities, jobFunctions } from './dutch-names.js'
import { postalCode } from './build-address.js'
import { netherlands } from './loket-metadata.js'

/** An employer (GetEmployerByEmployerId shape) with its catalog of departments and functions. */
export function buildEmployer(rng: Rng, index: number): SandboxEmployer {
  const city = rng.pick(dutchCities)
  const baseName = companyNames[index % companyNames.length] ?? 'Voorbeeld B.V.'
  const companyName = index < companyNames.length ? baseName : `${baseName} ${Math.floor(index / companyNames.length) + 1}`
  const id = rng.uuid()
  const catalog: EmployerCatalog = {
    payrollAdministration: { id: rng.uuid(), name: companyName.slice(0, 70), description: 'Loonadministratie', clientNumber: 1000 + index },
    departments: departments.map((department) => ({ key: rng.uuid(), ...department })),
    functions: jobFunctions.map((jobFunction) => ({ key: rng.uuid(), ...jobFunction })),
    distributionUnit: { key: rng.uuid(), code: 1, description: 'Algemeen' },
    payrollTaxesNumber: '',
  }
  const built: SandboxEmployer = {
    employer: {
      id,
      // Unique per index, looks like a real werkgeversnummer (4-6 digits).
      employerNumber: 10000 + index * 1000 + rng.int(1, 999),
      companyName,
      chamberOfCommerceNumber: String(rng.int(10000000, 99999999)),
      address: {
        street: rng.pick(city.streets),
        houseNumber: rng.int(1, 300),
        houseNumberAddition: null,
        postalCode: postalCode(rng, city.postalPrefix),
        city: city.city,
        location: null,
        country: { ...netherlands },
        furtherIndication: null,
        province: null,
      },
      deviatingPostalAddress: null,
      branch: null,
      legalForm: { key: 1, value: 'B.V.' },
      sbi: null,
      contact: { name: 'Afdeling HR', function: 'HR', phoneNumber: `${city.areaCode}-${rng.int(1000000, 9999999)}` },
      contactInformation: { emailAddress: 'hr@example.nl', phoneNumber: null, faxNumber: null, website: null },
      employerLogo: null,
      providerLogo: null,
      providerSettings: {
        administrationNumber: `SR${index + 1}`,
        groupCode: null,
        parentEmployerForConsolidatedOverviews: null,
        sendEmailWhenSalarySlipIsAvailable: true,
      },
    },
    catalog,
    lastModifiedVersionNumber: 0,
  }
  // Drawn last, so that every other value of the employer stays what it was.
  catalog.payrollTaxesNumber = payrollTaxesNumber(rng)
  return built
}

/** A loonheffingennummer: an RSIN (nine digits, 11-test) + "L" + a two-digit subnumber. */
function payrollTaxesNumber(rng: Rng): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, () => rng.int(0, 9))
    const sum = digits.reduce((total, digit, i) => total + digit * (9 - i), 0)
    const check = sum % 11
    if (check === 10 || digits[0] === 0) continue
    return `${digits.join('')}${check}L${String(rng.int(1, 99)).padStart(2, '0')}`
  }
}

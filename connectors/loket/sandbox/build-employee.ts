import type { Rng } from './create-rng.js'
import type { LoketAddress, LoketEmployee, LoketMetadata } from './loket-types.js'
import { dutchCities, femaleFirstNames, lastNames, maleFirstNames, prefixedLastNames } from './dutch-names.js'
import { civilStatuses, gender, howToFormatLastName, nationalities } from './loket-metadata.js'
import { buildAddress } from './build-address.js'
import { formatName } from './format-name.js'
import { addDays, addYears } from './sandbox-dates.js'

export interface EmployeeSeed {
  id: string
  employeeNumber: number
  referenceDate: string
  firstName?: string
  lastName?: string
  prefix?: string | null
  address?: LoketAddress
}

/** One employee in the shape of GetEmployeeByEmployeeId (resource version 2021-03-29). */
export function buildEmployee(rng: Rng, seed: EmployeeSeed): LoketEmployee {
  const female = rng.chance(0.5)
  const firstName = seed.firstName ?? rng.pick(female ? femaleFirstNames : maleFirstNames)
  const secondInitial = rng.chance(0.35) ? rng.pick([...'ACEHJLMPW']) + '.' : ''
  const initials = `${firstName.charAt(0).toUpperCase()}.${secondInitial}`
  let prefix: string | null = null
  let lastName: string
  if (seed.lastName !== undefined) {
    lastName = seed.lastName
    prefix = seed.prefix ?? null
  } else if (rng.chance(0.35)) {
    ;[prefix, lastName] = rng.pick(prefixedLastNames)
  } else {
    lastName = rng.pick(lastNames)
  }
  let prefixPartner: string | null = null
  let lastNamePartner: string | null = null
  let usage: LoketMetadata = howToFormatLastName.own
  if (rng.chance(0.25)) {
    if (rng.chance(0.5)) [prefixPartner, lastNamePartner] = rng.pick(prefixedLastNames)
    else lastNamePartner = rng.pick(lastNames)
    usage = rng.pick(Object.values(howToFormatLastName))
  }
  const dateOfBirth = addDays(addYears(seed.referenceDate, -rng.int(18, 66)), -rng.int(0, 364))
  const address = seed.address ?? buildAddress(rng)
  const mailName = `${firstName}.${lastName}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '')
  const areaCode = rng.pick(dutchCities).areaCode
  const nameParts = { initials, prefix, lastName, prefixPartner, lastNamePartner, howToFormatLastName: usage }
  return {
    id: seed.id,
    employeeNumber: seed.employeeNumber,
    personalDetails: {
      firstName, initials, prefix, lastName, prefixPartner, lastNamePartner,
      formattedName: formatName(nameParts),
      howToFormatLastName: usage,
      dateOfBirth,
      dateOfDeath: null,
      placeOfBirth: rng.chance(0.8) ? rng.pick(dutchCities).city : null,
      aowDate: addDays(addYears(dateOfBirth, 67), 90),
      gender: rng.chance(0.02) ? gender.unknown : female ? gender.female : gender.male,
      civilStatus: rng.pick(civilStatuses),
      nationality: address.country.isoCode === 'NL' && rng.chance(0.85) ? (nationalities[0] ?? null) : rng.pick(nationalities),
      title: null,
      photo: null,
    },
    address,
    deviatingPostalAddress: null,
    contactInformation: {
      phoneNumber: rng.chance(0.6) ? `+31 ${areaCode.slice(1)}-${rng.int(1000000, 9999999)}` : null,
      mobilePhoneNumber: rng.chance(0.8) ? `+31 6-${rng.int(10000000, 99999999)}` : null,
      faxNumber: null,
      emailAddress: rng.chance(0.85) ? `${mailName}@example.nl` : null,
      businessPhoneNumber: null,
      businessMobilePhoneNumber: null,
      businessEmailAddress: rng.chance(0.3) ? `${mailName}@werk.example.nl` : null,
    },
    identityDocument: null,
    travel: { travelDistanceToWork: rng.chance(0.7) ? rng.int(1, 80) : null },
    exclusionFromAbsenceStatus: false,
    revokeEmployeeSelfServiceAccessOn: null,
    statusEmployeeSelfService: { key: 1, value: 'Active' },
  }
}

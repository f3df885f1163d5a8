import type { Rng } from './create-rng.js'
import type { LoketChild, LoketEmployee, LoketPartner } from './loket-types.js'
import type { RelativeOverrides } from './sandbox-types.js'
import { femaleFirstNames, lastNames, maleFirstNames } from './dutch-names.js'
import { gender, howToFormatLastName } from './loket-metadata.js'
import { addDays, addYears } from './sandbox-dates.js'

/** Living at home (key 1) or not (key 2): the spec's example text. */
const livingAtHome = { key: 1, value: 'Living at home' }

/** A partner in the shape of GetPartnersByEmployeeId. */
export function buildPartner(rng: Rng, employee: LoketEmployee, options: RelativeOverrides & { startDate?: string | null; endDate?: string | null }): LoketPartner {
  const female = employee.personalDetails.gender.key !== 2 ? rng.chance(0.9) : rng.chance(0.1)
  const firstName = options.firstName ?? rng.pick(female ? femaleFirstNames : maleFirstNames)
  const lastName = options.lastName ?? employee.personalDetails.lastNamePartner ?? rng.pick(lastNames)
  const own = employee.personalDetails.dateOfBirth
  return {
    id: rng.uuid(),
    initials: `${firstName.charAt(0)}.`,
    firstName,
    prefix: options.lastName === undefined ? employee.personalDetails.prefixPartner : null,
    lastName,
    dateOfBirth: options.dateOfBirth ?? addDays(own, rng.int(-1500, 1500)),
    dateOfDeath: null,
    placeOfBirth: null,
    gender: female ? gender.female : gender.male,
    howToFormatLastName: howToFormatLastName.own,
    title: null,
    waoClassification: null,
    startDate: options.startDate ?? null,
    endDate: options.endDate ?? null,
  }
}

/** A child in the shape of GetChildrenByEmployeeId. */
export function buildChild(rng: Rng, employee: LoketEmployee, options: RelativeOverrides & { today: string }): LoketChild {
  const female = rng.chance(0.5)
  const firstName = options.firstName ?? rng.pick(female ? femaleFirstNames : maleFirstNames)
  const earliest = addYears(employee.personalDetails.dateOfBirth, 20)
  const span = Math.max(1, Math.floor((Date.parse(options.today) - Date.parse(earliest)) / 86_400_000))
  const dateOfBirth = options.dateOfBirth ?? (earliest < options.today ? addDays(earliest, rng.int(0, span)) : options.today)
  return {
    id: rng.uuid(),
    initials: `${firstName.charAt(0)}.`,
    firstName,
    prefix: employee.personalDetails.prefix,
    lastName: options.lastName ?? employee.personalDetails.lastName,
    dateOfBirth,
    dateOfDeath: null,
    gender: female ? gender.female : gender.male,
    residenceStatus: rng.chance(0.7) ? livingAtHome : null,
  }
}

/**
 * The family of a generated employee, from its own random stream (so the rest of the dataset
 * does not move): ~45% a current partner, ~10% an ended partnership before it, ~40% children.
 */
export function buildFamily(rng: Rng, employee: LoketEmployee, today: string): { partners: LoketPartner[]; children: LoketChild[] } {
  const partners: LoketPartner[] = []
  const adult = addYears(employee.personalDetails.dateOfBirth, 20)
  if (rng.chance(0.1) && adult < today) {
    partners.push(buildPartner(rng, employee, { lastName: rng.pick(lastNames), startDate: adult, endDate: addDays(adult, rng.int(200, 2000)) }))
  }
  if (rng.chance(0.45)) {
    const since = partners[0]?.endDate ? addDays(partners[0].endDate, rng.int(100, 800)) : adult
    partners.push(buildPartner(rng, employee, { startDate: since < today ? since : null }))
  }
  const children = Array.from({ length: rng.chance(0.4) ? rng.int(1, 3) : 0 }, () => buildChild(rng, employee, { today }))
  return { partners, children }
}

/** A partnership is current on `date` if it has started (or has no start) and not ended. */
export function isCurrentPartner(partner: LoketPartner, date: string): boolean {
  return (partner.startDate === null || partner.startDate <= date) && (partner.endDate === null || partner.endDate >= date)
}

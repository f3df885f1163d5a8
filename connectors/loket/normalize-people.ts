import type { Child, Partner } from 'koppel/sdk'
import { textOf, toGender } from './loket-metadata.js'
import type { LoketMetadataValue } from './loket-raw-schemas.js'
import { parseRaw, rawChildSchema, rawPartnerSchema } from './loket-raw-schemas.js'
import type { RawChildItem, RawPartnerItem } from './raw-items.js'

/** One of an employee's partners, current or past → canonical `partner`. */
export function normalizePartner(item: RawPartnerItem, employerId: string): Partner {
  const partner = parseRaw(rawPartnerSchema, item.partner, 'partner')
  return { ...relative(partner, item.employeeId, employerId), startDate: textOf(partner.startDate), endDate: textOf(partner.endDate) }
}

/** One of an employee's children → canonical `child`. */
export function normalizeChild(item: RawChildItem, employerId: string): Child {
  return relative(parseRaw(rawChildSchema, item.child, 'child'), item.employeeId, employerId)
}

type RawRelative = Parameters<typeof nameOf>[0] & { id: string; dateOfBirth?: string | null; dateOfDeath?: string | null; gender?: LoketMetadataValue }

/** What a partner and a child have in common. */
function relative(person: RawRelative, employeeId: string, employerId: string): Child {
  return {
    id: person.id,
    employerId,
    employeeId,
    name: nameOf(person),
    dateOfBirth: textOf(person.dateOfBirth),
    dateOfDeath: textOf(person.dateOfDeath),
    gender: toGender(person.gender),
  }
}

function nameOf(person: { initials?: string | null; firstName?: string | null; prefix?: string | null; lastName?: string | null }): Partner['name'] {
  return { initials: textOf(person.initials), firstName: textOf(person.firstName), prefix: textOf(person.prefix), lastName: textOf(person.lastName) }
}

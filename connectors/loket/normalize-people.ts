import type { Child, Partner } from 'koppel/sdk'
import { textOf, toGender } from './loket-metadata.js'
import { parseRaw, rawChildSchema, rawPartnerSchema } from './loket-raw-schemas.js'
import type { RawChildItem, RawPartnerItem } from './raw-items.js'

/** One of an employee's partners, current or past → canonical `partner`. */
export function normalizePartner(item: RawPartnerItem, employerId: string): Partner {
  const partner = parseRaw(rawPartnerSchema, item.partner, 'partner')
  return {
    id: partner.id,
    employerId,
    employeeId: item.employeeId,
    name: nameOf(partner),
    dateOfBirth: textOf(partner.dateOfBirth),
    dateOfDeath: textOf(partner.dateOfDeath),
    gender: toGender(partner.gender),
    startDate: textOf(partner.startDate),
    endDate: textOf(partner.endDate),
  }
}

/** One of an employee's children → canonical `child`. */
export function normalizeChild(item: RawChildItem, employerId: string): Child {
  const child = parseRaw(rawChildSchema, item.child, 'child')
  return {
    id: child.id,
    employerId,
    employeeId: item.employeeId,
    name: nameOf(child),
    dateOfBirth: textOf(child.dateOfBirth),
    dateOfDeath: textOf(child.dateOfDeath),
    gender: toGender(child.gender),
  }
}

function nameOf(person: { initials?: string | null; firstName?: string | null; prefix?: string | null; lastName?: string | null }): Partner['name'] {
  return { initials: textOf(person.initials), firstName: textOf(person.firstName), prefix: textOf(person.prefix), lastName: textOf(person.lastName) }
}

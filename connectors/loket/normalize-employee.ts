import { normalizeDutchPostalCode, type Employee } from 'koppel/sdk'
import { codeOf, textOf, toGender, toNameUsage } from './loket-metadata.js'
import { parseRaw, rawEmployeeSchema, type LoketRawAddress } from './loket-raw-schemas.js'
import type { RawEmployeeItem } from './raw-items.js'

/** A Loket employee (plus its separately fetched BSN) → canonical `employee`. */
export function normalizeEmployee(item: RawEmployeeItem, employerId: string): Employee {
  const employee = parseRaw(rawEmployeeSchema, item.employee, 'employee')
  const details = employee.personalDetails
  const contact = employee.contactInformation
  return {
    id: employee.id,
    employerId,
    employeeNumber: textOf(employee.employeeNumber),
    bsn: toBsn(item.bsn),
    name: {
      initials: textOf(details?.initials),
      firstName: textOf(details?.firstName),
      prefix: textOf(details?.prefix),
      lastName: textOf(details?.lastName),
      partnerPrefix: textOf(details?.prefixPartner),
      partnerLastName: textOf(details?.lastNamePartner),
      nameUsage: toNameUsage(details?.howToFormatLastName),
      formatted: textOf(details?.formattedName),
    },
    dateOfBirth: textOf(details?.dateOfBirth),
    dateOfDeath: textOf(details?.dateOfDeath),
    gender: toGender(details?.gender),
    nationality: codeOf(details?.nationality),
    civilStatus: codeOf(details?.civilStatus),
    address: toAddress(employee.address),
    contact: {
      email: textOf(contact?.emailAddress),
      phone: textOf(contact?.phoneNumber),
      mobile: textOf(contact?.mobilePhoneNumber),
    },
  }
}

/** Loket sends the BSN as a string; a number (leading zero lost) is padded back to 9 digits. */
function toBsn(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value).padStart(9, '0')
  if (typeof value !== 'string' || value.trim() === '') return null
  const trimmed = value.trim()
  return /^\d{8}$/.test(trimmed) ? `0${trimmed}` : trimmed
}

/** Dutch postal codes become "1234 AB"; an unparsable one stays as is so validation reports it. */
export function toAddress(address: LoketRawAddress): Employee['address'] {
  if (!address) return null
  const countryCode = textOf(address.country?.isoCode)?.toUpperCase() ?? null
  const postalCode = textOf(address.postalCode)
  return {
    street: textOf(address.street),
    houseNumber: textOf(address.houseNumber),
    houseNumberAddition: textOf(address.houseNumberAddition),
    postalCode: countryCode === 'NL' && postalCode !== null ? (normalizeDutchPostalCode(postalCode) ?? postalCode) : postalCode,
    city: textOf(address.city),
    countryCode,
  }
}

import { normalizeDutchPostalCode, type CanonicalRecord, type CodeListValue, type Employee } from 'koppel/sdk'
import type { CsvRow } from './read-csv-rows.js'

const genders: Record<string, Employee['gender']> = {
  m: 'male', male: 'male', man: 'male', '1': 'male',
  v: 'female', f: 'female', female: 'female', vrouw: 'female', '2': 'female',
  x: 'other', o: 'other', other: 'other', anders: 'other', '3': 'other',
}

/**
 * One CSV row → a canonical `employee`. Missing or blank optional columns become null.
 * Values are not validated here: the engine validates every record and reports a bad BSN
 * or postal code without dropping it silently, so a bad value is passed on as found.
 */
export function normalizeEmployee(row: CsvRow): CanonicalRecord {
  const value = (column: string): string | null => {
    const found = row[column]?.trim()
    return found ? found : null
  }
  const countryCode = value('country_code')?.toUpperCase() ?? null
  const postalCode = value('postal_code')
  const address = {
    street: value('street'),
    houseNumber: value('house_number'),
    houseNumberAddition: value('house_number_addition'),
    postalCode: postalCode !== null && countryCode === 'NL' ? (normalizeDutchPostalCode(postalCode) ?? postalCode) : postalCode,
    city: value('city'),
    countryCode,
  }
  const name = {
    initials: value('initials'),
    firstName: value('first_name'),
    prefix: value('prefix'),
    lastName: value('last_name'),
  }
  const formatted = [name.firstName ?? name.initials, name.prefix, name.lastName].filter((part) => part !== null).join(' ')
  const record: Employee = {
    id: value('id') ?? '',
    employerId: value('employer_id') ?? '',
    employeeNumber: value('employee_number'),
    bsn: cleanBsn(value('bsn')),
    name: { ...name, partnerPrefix: null, partnerLastName: null, nameUsage: null, formatted: formatted || null },
    dateOfBirth: value('date_of_birth'),
    dateOfDeath: value('date_of_death'),
    gender: genders[value('gender')?.toLowerCase() ?? ''] ?? 'unknown',
    // The sheet's cell is both the key and the text of the nationality.
    nationality: codeOf(value('nationality')),
    civilStatus: null,
    address: Object.values(address).every((part) => part === null) ? null : address,
    contact: { email: value('email'), phone: value('phone'), mobile: value('mobile') },
  }
  return { entity: 'employee', record }
}

/** Spreadsheets drop a BSN's leading zero and people type dots; both are undone here. */
function cleanBsn(raw: string | null): string | null {
  if (raw === null) return null
  const digits = raw.replace(/[\s.-]/g, '')
  return /^\d{8}$/.test(digits) ? `0${digits}` : digits
}

function codeOf(value: string | null): CodeListValue | null {
  return value === null ? null : { code: value, label: value }
}

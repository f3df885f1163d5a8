import type { Employee, Employment, Wage } from 'koppel/sdk'
import type { FieldKind } from './canonical-fields.js'
import {
  bsnCell, cents, codeLabel, dateAny, dateDmy, dateIso, decimalAny, decimalComma, eurosToCents, postalCode, yesNo,
  type ConverterName, type Converted,
} from './converters.js'

const genders: Record<string, Employee['gender']> = {
  m: 'male', man: 'male', male: 'male', mannelijk: 'male', '1': 'male',
  v: 'female', f: 'female', vrouw: 'female', female: 'female', vrouwelijk: 'female', '2': 'female',
  x: 'other', o: 'other', other: 'other', anders: 'other', '3': 'other',
  u: 'unknown', unknown: 'unknown', onbekend: 'unknown', '0': 'unknown',
}

/** The classic GBA / loonaangifte name-use codes and their words. */
const nameUsages: Record<string, NonNullable<Employee['name']['nameUsage']>> = {
  e: 'own', eigen: 'own', own: 'own', p: 'partner', partner: 'partner',
  v: 'partner_own', partner_own: 'partner_own', 'partner eigen': 'partner_own', n: 'own_partner', own_partner: 'own_partner', 'eigen partner': 'own_partner',
}

const contractTypes: Record<string, Employment['contractType']> = {
  permanent: 'permanent', onbepaald: 'permanent', 'onbepaalde tijd': 'permanent', vast: 'permanent',
  fixed_term: 'fixed_term', bepaald: 'fixed_term', 'bepaalde tijd': 'fixed_term', tijdelijk: 'fixed_term',
  on_call: 'on_call', oproep: 'on_call', oproepkracht: 'on_call', 'nul-uren': 'on_call', '0-uren': 'on_call', 'min-max': 'on_call',
  other: 'other', anders: 'other', overig: 'other',
}

const periods: Record<string, NonNullable<Wage['period']>> = {
  hour: 'hour', uur: 'hour', week: 'week', four_weeks: 'four_weeks', '4 weken': 'four_weeks', '4-weken': 'four_weeks', '4weken': 'four_weeks',
  'vier weken': 'four_weeks', '4w': 'four_weeks', month: 'month', maand: 'month', m: 'month', year: 'year', jaar: 'year', j: 'year',
}

const converters: Record<ConverterName, (raw: string) => Converted<unknown>> = {
  date_dmy: dateDmy, date_iso: dateIso, decimal_comma: decimalComma, cents, euros_to_cents: eurosToCents,
  yes_no: yesNo, postal_code: postalCode, code_label: codeLabel,
}

function lookup<T>(table: Record<string, T>, what: string): (raw: string) => Converted<T> {
  return (raw) => {
    const value = table[raw.toLowerCase()]
    return value === undefined ? { ok: false, reason: `not a known ${what}` } : { ok: true, value }
  }
}

const text = (raw: string): Converted<string> => ({ ok: true, value: raw })

const byKind: Record<FieldKind, (raw: string) => Converted<unknown>> = {
  id: text,
  text,
  date: dateAny,
  number: decimalAny,
  cents,
  boolean: yesNo,
  bsn: bsnCell,
  postal: postalCode,
  country: (raw) => (/^[a-z]{2}$/i.test(raw) ? { ok: true, value: raw.toUpperCase() } : { ok: false, reason: 'not an ISO 3166 alpha-2 country code' }),
  currency: (raw) => (/^[a-z]{3}$/i.test(raw) ? { ok: true, value: raw.toUpperCase() } : { ok: false, reason: 'not an ISO 4217 currency code' }),
  code: (raw) => ({ ok: true, value: { code: raw, label: null } }),
  gender: lookup(genders, 'gender (M/V/X)'),
  nameUsage: lookup(nameUsages, 'name use (E/P/V/N)'),
  contractType: lookup(contractTypes, 'contract type'),
  period: lookup(periods, 'pay period'),
}

/** A trimmed, non-empty cell as its field's kind: by the mapping's converter, else by the kind's default. */
export function convertCell(raw: string, kind: FieldKind, converter: ConverterName | undefined): Converted<unknown> {
  return converter === undefined ? byKind[kind](raw) : converters[converter](raw)
}

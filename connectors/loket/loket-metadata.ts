import type { CodeListValue, Employee, Employment, Wage } from 'koppel/sdk'
import type { LoketMetadataValue } from './loket-raw-schemas.js'

/**
 * Loket's `{ key, value }` enumerations. `value` is a display text (English or Dutch,
 * depending on the account) and may change; `key` is stable. So code lists keep the key
 * (`{ code, label }`), and the canonical enums are mapped from the key first and from the
 * text only when the key is not one we know. The keys known here are those the reference
 * confirms: gender 1 Man / 2 Vrouw (the spec's metadata example), howToFormatLastName in the
 * BRP naamgebruik order E, V, P, N (key 2 is the spec example's "Wiel - van Bergen"; that order
 * is an assumption the reference does not confirm: it lists no howToFormatLastName values, and
 * its one example is inconsistent: key 2 with the text "last name + last name partner" beside
 * a formattedName that puts the partner's name first),
 * employmentDurationType 1 indefinite, grossWageType 1 periodic / 2 hourly and
 * payrollPeriodType 1 month / 3 four weeks / 4 week (the spec's field descriptions).
 */

/** A scalar as canonical text: numbers become strings, blank strings null. */
export function textOf(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const text = String(value)
  return text.trim() === '' ? null : text
}

/** A code list entry: the key as the code, the text as the label; no key, no entry. */
export function codeOf(metadata: LoketMetadataValue): CodeListValue | null {
  const code = textOf(metadata?.key)
  return code === null ? null : { code, label: textOf(metadata?.value) }
}

function lower(metadata: LoketMetadataValue): string {
  return (metadata?.value ?? '').trim().toLowerCase()
}

function keyOf(metadata: LoketMetadataValue): number | null {
  const key = metadata?.key
  if (typeof key === 'number') return key
  return typeof key === 'string' && /^\d+$/.test(key.trim()) ? Number(key) : null
}

function byKey<T>(metadata: LoketMetadataValue, table: Readonly<Record<number, T>>): T | undefined {
  const key = keyOf(metadata)
  return key === null ? undefined : table[key]
}

const genderKeys: Readonly<Record<number, Employee['gender']>> = { 1: 'male', 2: 'female' }

export function toGender(metadata: LoketMetadataValue): Employee['gender'] {
  const known = byKey(metadata, genderKeys)
  if (known) return known
  const value = lower(metadata)
  if (/^(m|male|man|mannelijk)$/.test(value)) return 'male'
  if (/^(f|v|female|woman|vrouw|vrouwelijk)$/.test(value)) return 'female'
  if (value === '' || /onbekend|niet bekend|unknown|not known|niet gespecificeerd|not specified|unspecified/.test(value)) return 'unknown'
  return 'other'
}

const nameUsageKeys: Readonly<Record<number, NonNullable<Employee['name']['nameUsage']>>> = {
  1: 'own', 2: 'partner_own', 3: 'partner', 4: 'own_partner',
}

/**
 * Loket's four ways to compose the last name, by key; else from the text: "last name +
 * last name partner", "Eigen naam gevolgd door naam partner", "Naam partner voor eigen naam":
 * the parts in the order they are used, each own or partner.
 */
export function toNameUsage(metadata: LoketMetadataValue): Employee['name']['nameUsage'] {
  const known = byKey(metadata, nameUsageKeys)
  if (known) return known
  const value = lower(metadata)
  if (value === '') return null
  const parts = value.split(/\s*(?:\+|gevolgd door|followed by|voor|before|-)\s*/).filter((part) => part !== '')
    .map((part) => (part.includes('partner') ? 'partner' : 'own'))
  if (parts.length === 1) return parts[0]!
  if (parts.length === 2 && parts[0] !== parts[1]) return parts[0] === 'own' ? 'own_partner' : 'partner_own'
  return null
}

const durationKeys: Readonly<Record<number, Employment['contractType']>> = { 1: 'permanent', 2: 'fixed_term' }

/** `employmentDurationType` ("Contract of (in)definite duration", "Vast", "Tijdelijk") plus the on-call flag. */
export function toContractType(duration: LoketMetadataValue, isOnCall: boolean | null | undefined): Employment['contractType'] {
  if (isOnCall === true) return 'on_call'
  const known = byKey(duration, durationKeys)
  if (known) return known
  const value = lower(duration)
  if (/indefinite|onbepaalde|^vast|permanent/.test(value)) return 'permanent'
  if (/definite|fixed|bepaalde|tijdelijk|temporary/.test(value)) return 'fixed_term'
  if (/oproep|on[\s-]?call/.test(value)) return 'on_call'
  return 'other'
}

type WagePeriod = NonNullable<Wage['period']>

const grossWageTypeKeys: Readonly<Record<number, 'periodic' | 'hour'>> = { 1: 'periodic', 2: 'hour' }
const payrollPeriodKeys: Readonly<Record<number, WagePeriod>> = { 1: 'month', 3: 'four_weeks', 4: 'week' }

/**
 * `grossWageType` says hourly (key 2) or periodic (key 1); a periodic wage's period is the
 * `payrollPeriodType` (key 1 month, 3 four weeks, 4 week), as the spec describes it.
 */
export function toWagePeriod(grossWageType: LoketMetadataValue, payrollPeriodType: LoketMetadataValue): Wage['period'] {
  if (!grossWageType) return null
  const kind = byKey(grossWageType, grossWageTypeKeys)
  if (kind === 'hour') return 'hour'
  if (kind === undefined) {
    const direct = periodFromText(lower(grossWageType))
    if (direct) return direct
  }
  return byKey(payrollPeriodType, payrollPeriodKeys) ?? periodFromText(lower(payrollPeriodType))
}

function periodFromText(value: string): WagePeriod | null {
  if (/hour|uur/.test(value)) return 'hour'
  if (/(four|4|vier)[\s-]*(weeks|weken|week|wekelijks|weekly)/.test(value)) return 'four_weeks'
  if (/week/.test(value)) return 'week'
  if (/month|maand/.test(value)) return 'month'
  if (/year|jaar|annual/.test(value)) return 'year'
  return null
}

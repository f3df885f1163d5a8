import type { Employee, Employment, Wage } from 'koppel/sdk'
import type { LoketMetadataValue } from './loket-raw-schemas.js'

/**
 * Mappings of Loket's `{ key, value }` enumerations to canonical enums. The OpenAPI document
 * does not list the keys, and `value` is a display text (English or Dutch, depending on the
 * account), so each mapping reads the text first and falls back on the keys the spec's
 * examples and descriptions do confirm.
 */

/** A scalar as canonical text: numbers become strings, blank strings null. */
export function textOf(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const text = String(value)
  return text.trim() === '' ? null : text
}

export function metadataText(metadata: LoketMetadataValue): string | null {
  return textOf(metadata?.value)
}

function lower(metadata: LoketMetadataValue): string {
  return (metadata?.value ?? '').trim().toLowerCase()
}

export function toGender(metadata: LoketMetadataValue): Employee['gender'] {
  const value = lower(metadata)
  if (/^(m|male|man|mannelijk)$/.test(value)) return 'male'
  if (/^(f|v|female|woman|vrouw|vrouwelijk)$/.test(value)) return 'female'
  if (/^(|unknown|onbekend|niet bekend|not known)$/.test(value)) {
    // The spec's example pairs key 2 with "female"; key 1 is male in every Loket export.
    if (value === '' && metadata?.key === 1) return 'male'
    if (value === '' && metadata?.key === 2) return 'female'
    return 'unknown'
  }
  return 'other'
}

/**
 * Loket's four ways to compose the last name, e.g. "last name + last name partner" (spec
 * example) or "Naam partner + eigen naam": the parts around "+" in order, each own or partner.
 */
export function toNameUsage(metadata: LoketMetadataValue): Employee['name']['nameUsage'] {
  const value = lower(metadata)
  if (value === '') return null
  const parts = value.split('+').map((part) => (part.includes('partner') ? 'partner' : 'own'))
  if (parts.length === 1) return parts[0]!
  if (parts.length === 2 && parts[0] !== parts[1]) return parts[0] === 'own' ? 'own_partner' : 'partner_own'
  return null
}

/** `employmentDurationType` ("Contract of (in)definite duration") plus the on-call flag. */
export function toContractType(duration: LoketMetadataValue, isOnCall: boolean | null | undefined): Employment['contractType'] {
  if (isOnCall === true) return 'on_call'
  const value = lower(duration)
  if (/indefinite|onbepaalde/.test(value)) return 'permanent'
  if (/definite|fixed|bepaalde/.test(value)) return 'fixed_term'
  if (value === '' && duration?.key === 1) return 'permanent'
  if (value === '' && duration?.key === 2) return 'fixed_term'
  return 'other'
}

type WagePeriod = NonNullable<Wage['period']>

/**
 * `grossWageType` says hourly (key 2) or periodic (key 1); a periodic wage's period is the
 * `payrollPeriodType` (key 1 month, 3 four weeks, 4 week), as the spec describes it.
 */
export function toWagePeriod(grossWageType: LoketMetadataValue, payrollPeriodType: LoketMetadataValue): Wage['period'] {
  if (!grossWageType) return null
  const direct = periodFromText(lower(grossWageType))
  if (direct) return direct
  if (grossWageType.key === 2 && lower(grossWageType) === '') return 'hour'
  return periodFromText(lower(payrollPeriodType)) ?? periodFromKey(payrollPeriodType?.key)
}

function periodFromText(value: string): WagePeriod | null {
  if (/hour|uur/.test(value)) return 'hour'
  if (/(four|4|vier)[\s-]*(weeks|weken|week|wekelijks|weekly)/.test(value)) return 'four_weeks'
  if (/week/.test(value)) return 'week'
  if (/month|maand/.test(value)) return 'month'
  if (/year|jaar|annual/.test(value)) return 'year'
  return null
}

function periodFromKey(key: number | string | null | undefined): WagePeriod | null {
  if (key === 1) return 'month'
  if (key === 3) return 'four_weeks'
  if (key === 4) return 'week'
  return null
}

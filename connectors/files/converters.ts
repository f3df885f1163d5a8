import { isIsoDate, isValidBsn, normalizeDutchPostalCode } from 'koppel/sdk'

/** The converters a mapping may name (DESIGN.md §2), for the cells of Dutch exports. */
export const converterNames = ['date_dmy', 'date_iso', 'decimal_comma', 'cents', 'euros_to_cents', 'yes_no', 'postal_code', 'code_label'] as const
export type ConverterName = (typeof converterNames)[number]

/** A converted cell, or why it could not be converted: the reason never holds the value. */
export type Converted<T> = { ok: true; value: T } | { ok: false; reason: string }

const ok = <T>(value: T): Converted<T> => ({ ok: true, value })
const fail = (reason: string): Converted<never> => ({ ok: false, reason })

/** `31-12-2026`, `31/12/2026`, `31.12.2026`, `1-2-2026` → `2026-12-31`. */
export function dateDmy(raw: string): Converted<string> {
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(raw)
  if (!match) return fail('not a date (DD-MM-YYYY)')
  const iso = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`
  return isIsoDate(iso) ? ok(iso) : fail('not a real date')
}

/** `2026-12-31`; a time part (`2026-12-31T00:00:00`, `2026-12-31 00:00`) is dropped. */
export function dateIso(raw: string): Converted<string> {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw)
  if (!match) return fail('not a date (YYYY-MM-DD)')
  return isIsoDate(match[1]!) ? ok(match[1]!) : fail('not a real date')
}

/** A date in either form the exports use: ISO first, then day-month-year. */
export function dateAny(raw: string): Converted<string> {
  return /^\d{4}-/.test(raw) ? dateIso(raw) : dateDmy(raw)
}

/** Dutch decimals: `3.250,50` → 3250.5, `32,5` → 32.5, `-1,25` → -1.25. */
export function decimalComma(raw: string): Converted<number> {
  if (!/^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$/.test(raw)) return fail('not a decimal number (1.234,56)')
  return ok(Number(raw.replace(/\./g, '').replace(',', '.')))
}

/** A plain decimal with a point: `32.5`, `40`; a comma decimal (`32,5`) is accepted too. */
export function decimalAny(raw: string): Converted<number> {
  if (/^-?\d+(?:\.\d+)?$/.test(raw)) return ok(Number(raw))
  return decimalComma(raw)
}

/** Whole cents: `325050` → 325050. */
export function cents(raw: string): Converted<number> {
  return /^-?\d+$/.test(raw) ? ok(Number(raw)) : fail('not a whole number of cents')
}

/**
 * Euros to whole cents: `3.250,50` and `3250,50` (a comma is the decimal sign, points group
 * thousands), `3250.50` (a point with one or two decimals), `3.250` (points group
 * thousands: 3250 euros). More than two decimals is refused, never rounded.
 */
export function eurosToCents(raw: string): Converted<number> {
  const text = raw.replace(/^€\s*/, '')
  let normalized: string
  if (text.includes(',')) {
    if (!/^-?\d{1,3}(?:\.\d{3})*,\d{1,2}$|^-?\d+,\d{1,2}$/.test(text)) return fail('not an amount in euros (1.234,56)')
    normalized = text.replace(/\./g, '').replace(',', '.')
  } else if (/^-?\d{1,3}(?:\.\d{3})+$/.test(text)) {
    normalized = text.replace(/\./g, '')
  } else if (/^-?\d+(?:\.\d{1,2})?$/.test(text)) {
    normalized = text
  } else {
    return fail('not an amount in euros (1.234,56)')
  }
  const negative = normalized.startsWith('-')
  const [whole, fraction = ''] = (negative ? normalized.slice(1) : normalized).split('.')
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  return ok(negative ? -value : value)
}

const yes = new Set(['j', 'ja', 'y', 'yes', 'true', '1', 'waar'])
const no = new Set(['n', 'nee', 'no', 'false', '0', 'onwaar'])

/** `J`/`N`, `Ja`/`Nee`, `Y`/`N`, `true`/`false`, `1`/`0` → a boolean. */
export function yesNo(raw: string): Converted<boolean> {
  const key = raw.toLowerCase()
  if (yes.has(key)) return ok(true)
  if (no.has(key)) return ok(false)
  return fail('not a yes/no value (J/N)')
}

/**
 * A Dutch postal code in any spelling (`1234ab`, `1234 AB`, `NL-1234 AB`) → `1234 AB`; a
 * code of another country is passed on as written (its address names the country).
 */
export function postalCode(raw: string): Converted<string> {
  const dutch = normalizeDutchPostalCode(raw.replace(/^NL-?\s*/i, '').replace('-', ''))
  return ok(dutch ?? raw)
}

/**
 * A coded value of the source's own code list: `02 - Gehuwd`, `02|Gehuwd`, `02: Gehuwd` →
 * `{ code: '02', label: 'Gehuwd' }`; a cell without a separator is the code alone.
 */
export function codeLabel(raw: string): Converted<{ code: string; label: string | null }> {
  const match = /^(.+?)\s*(?:\s-\s|\||:)\s*(.*)$/.exec(raw)
  if (!match) return ok({ code: raw, label: null })
  const code = match[1]!.trim()
  if (code === '') return fail('no code before the separator')
  return ok({ code, label: match[2]!.trim() || null })
}

/** A BSN as exports write it: spaces, dots and hyphens dropped, an 8-digit one padded (a lost leading zero). */
export function bsnCell(raw: string): Converted<string> {
  const digits = raw.replace(/[\s.-]/g, '')
  const padded = /^\d{8}$/.test(digits) ? `0${digits}` : digits
  return isValidBsn(padded) ? ok(padded) : fail('not a valid BSN (9 digits, 11-test)')
}

/** What each converter yields, to check a mapping names a converter that fits its field. */
export const converterOutput: Record<ConverterName, 'date' | 'number' | 'cents' | 'boolean' | 'postal' | 'code'> = {
  date_dmy: 'date', date_iso: 'date', decimal_comma: 'number', cents: 'cents', euros_to_cents: 'cents',
  yes_no: 'boolean', postal_code: 'postal', code_label: 'code',
}

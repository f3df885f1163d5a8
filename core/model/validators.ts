import { z } from 'zod'

/** Dutch citizen service number: 9 digits (leading zeros kept) passing the 11-test. */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * (9 - i)
  sum -= Number(value[8])
  return sum % 11 === 0 && value !== '000000000'
}

/** `1234ab`, `1234 AB` → `1234 AB`; anything else is returned as null. */
export function normalizeDutchPostalCode(value: string): string | null {
  const match = /^\s*([1-9]\d{3})\s*([a-zA-Z]{2})\s*$/.exec(value)
  if (!match) return null
  return `${match[1]} ${match[2]!.toUpperCase()}`
}

export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export const bsn = z.string().refine(isValidBsn, 'invalid BSN (9 digits, 11-test)')
export const isoDate = z.string().refine(isIsoDate, 'invalid date (YYYY-MM-DD)')
export const cents = z.number().int('amount must be whole cents')

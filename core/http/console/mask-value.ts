/**
 * Which fields the console never shows in full: BSN, IBAN, money (salaries, payroll
 * amounts), names, addresses, contact details and dates of birth. Matched on the last
 * segments of a dotted path, so `components.70.amountCents` and `name.lastName` are covered
 * wherever they appear.
 */
const personal = [
  /(^|\.)bsn$/i,
  /iban/i,
  /cents$/i,
  /(^|\.)(salary|wage|amount|grossAmount)/i,
  // The person's name object; `department.name` or a payroll component's `name` is no person's.
  /^name(\.|$)/i,
  /(^|\.)(initials|firstName|lastName|prefix|partnerPrefix|partnerLastName|formatted)$/i,
  /(^|\.)address(\.|$)/i,
  /(^|\.)(street|houseNumber|houseNumberAddition|postalCode|city)$/i,
  /(^|\.)contact(\.|$)/i,
  /(^|\.)(email|phone|mobile)$/i,
  /(^|\.)dateOfBirth$/i,
]

export function isPersonalPath(path: string): boolean {
  return personal.some((pattern) => pattern.test(path))
}

/** A value as the console shows it: personal values as dots (their shape, never their content), others as text. */
export function maskValue(path: string, value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (isPersonalPath(path)) return '•••••'
  if (typeof value === 'object') return maskObject(path, value)
  return String(value)
}

function maskObject(path: string, value: object): string {
  const entries = Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${key}: ${maskValue(`${path}.${key}`, inner)}`)
  return Array.isArray(value) ? `[${entries.join(', ')}]` : `{${entries.join(', ')}}`
}

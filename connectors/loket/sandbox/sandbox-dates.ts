/** Date arithmetic on `YYYY-MM-DD` strings, in UTC so results never depend on the host's zone. */

const toDate = (date: string): Date => new Date(`${date}T00:00:00Z`)
const toText = (date: Date): string => date.toISOString().slice(0, 10)

export function addDays(date: string, days: number): string {
  const value = toDate(date)
  value.setUTCDate(value.getUTCDate() + days)
  return toText(value)
}

export function addYears(date: string, years: number): string {
  const value = toDate(date)
  value.setUTCFullYear(value.getUTCFullYear() + years)
  return toText(value)
}

/** First day of the month `months` after the month of `date`. */
export function firstOfMonth(date: string, months = 0): string {
  const value = toDate(date)
  return toText(new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth() + months, 1)))
}

export function today(now: number = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10)
}

import type { WorkingHours } from 'koppel/sdk'
import { textOf } from './loket-metadata.js'
import { parseRaw, rawWorkingHoursSchema } from './loket-raw-schemas.js'
import type { RawWorkingHoursItem } from './raw-items.js'

/**
 * One record of an employment's working-hours chain → canonical `working_hours`.
 * Hours per week: `aggregatedHoursPerWeek` (Loket's own "single point of knowledge" for
 * third parties), else the registered part-time hours (`deviatingHoursPerWeek`), else the
 * average of a varying-hours contract. The factor is hours ÷ full-time hours (DESIGN §3):
 * Loket's `averageParttimeFactor` is kept for administrative purposes only and goes stale
 * (24 of 40 hours may still say 100), so it is never read.
 */
export function normalizeWorkingHours(item: RawWorkingHoursItem, employerId: string): WorkingHours {
  const hours = parseRaw(rawWorkingHoursSchema, item.workingHours, 'working hours')
  const hoursPerWeek = hours.aggregatedHoursPerWeek ?? hours.deviatingHoursPerWeek ?? hours.averageHoursPerWeek ?? null
  const fullTime = hours.shift?.fullTimeHoursPerWeek ?? null
  const fullTimeHoursPerWeek = fullTime !== null && fullTime > 0 ? fullTime : null
  return {
    id: hours.id,
    employerId,
    employmentId: item.employmentId,
    startDate: hours.startDate,
    endDate: textOf(hours.endDate),
    hoursPerWeek,
    fullTimeHoursPerWeek,
    partTimeFactor: hoursPerWeek !== null && fullTimeHoursPerWeek !== null ? round(hoursPerWeek / fullTimeHoursPerWeek) : null,
  }
}

/** Six decimals: enough for any real factor, and no float noise in the content hash. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

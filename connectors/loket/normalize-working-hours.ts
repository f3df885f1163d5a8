import type { WorkingHours } from 'koppel/sdk'
import { textOf } from './loket-metadata.js'
import { parseRaw, rawWorkingHoursSchema } from './loket-raw-schemas.js'
import type { RawWorkingHoursItem } from './raw-items.js'

/**
 * One record of an employment's working-hours chain → canonical `working_hours`.
 * Hours per week: `aggregatedHoursPerWeek` (Loket's own "single point of knowledge" for
 * third parties), else the registered part-time hours (`deviatingHoursPerWeek`), else the
 * average of a varying-hours contract. Loket's `averageParttimeFactor` is a percentage
 * (hours / shift hours × 100); the canonical factor is a fraction.
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
    partTimeFactor: partTimeFactor(hours.averageParttimeFactor ?? null, hoursPerWeek, fullTimeHoursPerWeek),
  }
}

function partTimeFactor(percentage: number | null, hoursPerWeek: number | null, fullTime: number | null): number | null {
  if (percentage !== null) return round(percentage / 100)
  if (hoursPerWeek !== null && fullTime !== null) return round(hoursPerWeek / fullTime)
  return null
}

/** Six decimals: enough for any real factor, and no float noise in the content hash. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

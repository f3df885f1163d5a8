import { KoppelError, type HttpClient } from 'koppel/sdk'
import { z } from 'zod'
import { fetchDetail } from './client.js'

const keyList = <T extends z.ZodType>(key: T) => z.array(z.looseObject({ key }).nullable()).nullish()

/** `content` of GET /user/filtersettings/{employerId}; loose, and every filter may be absent. */
const filterSettingsSchema = z.looseObject({
  employmentFilter: z.looseObject({
    filterOnEmployedStatus: z.string().nullish(),
    filterOnAdministrations: keyList(z.string()),
    filterOnDepartments: keyList(z.string()),
    filterOnEmploymentCategoryType: keyList(z.number()),
    filterOnOnCallEmployment: z.boolean().nullish(),
  }).nullish(),
})

/** Loket's `filterOnEmployedStatus` values, in the words of Loket's own filter screen. */
const employedStatusNames: Record<string, string> = {
  AllEmployments: 'alle dienstverbanden',
  ActiveEmployments: 'alleen actieve dienstverbanden',
  ActiveAndFutureEmployments: 'actieve en toekomstige dienstverbanden',
  ActiveAndHistoricEmployments: 'actieve en uit dienst getreden dienstverbanden',
}

/**
 * What the Loket user's employment filter hides, one Dutch phrase per narrowing filter
 * (empty: the lists return every employment). Employer-level employment lists return only
 * what this filter lets through, so a full run would delete the rest (DESIGN §4).
 */
export function describeEmploymentFilter(content: unknown): string[] {
  const parsed = filterSettingsSchema.safeParse(content)
  if (!parsed.success) throw new KoppelError('upstream_bad_response', 'Loket filter settings have an unexpected shape (/user/filtersettings)')
  const filter = parsed.data.employmentFilter
  if (!filter) return []
  const narrowing: string[] = []
  const status = filter.filterOnEmployedStatus
  if (status && status !== 'AllEmployments') {
    narrowing.push(`Filter dienstverbanden: ${employedStatusNames[status] ?? status} (moet zijn: alle dienstverbanden)`)
  }
  const count = (list: readonly unknown[] | null | undefined): number => (list ?? []).filter((entry) => entry !== null).length
  if (count(filter.filterOnAdministrations) > 0) narrowing.push(`Filter op administraties: ${count(filter.filterOnAdministrations)} gekozen`)
  if (count(filter.filterOnDepartments) > 0) narrowing.push(`Filter op afdelingen: ${count(filter.filterOnDepartments)} gekozen`)
  if (count(filter.filterOnEmploymentCategoryType) > 0) {
    narrowing.push(`Filter op soort dienstverband: ${count(filter.filterOnEmploymentCategoryType)} gekozen`)
  }
  if (typeof filter.filterOnOnCallEmployment === 'boolean') {
    narrowing.push(`Filter op oproepkrachten: ${filter.filterOnOnCallEmployment ? 'alleen oproepkrachten' : 'geen oproepkrachten'}`)
  }
  return narrowing
}

/** The user's employment filter for one employer, described (see {@link describeEmploymentFilter}). */
export async function readEmploymentFilter(http: HttpClient, filterBase: string, employerId: string): Promise<string[]> {
  const url = `${filterBase}/user/filtersettings/${encodeURIComponent(employerId)}`
  return describeEmploymentFilter(await fetchDetail(http, url, 'filterSettings'))
}

/**
 * Fails with `upstream_filtered` unless the user's filter lets every employment through: run
 * before any page of the employer is yielded, so nothing is deleted on a narrowed list.
 */
export async function requireUnfilteredEmployments(http: HttpClient, filterBase: string, employerId: string): Promise<void> {
  const narrowing = await readEmploymentFilter(http, filterBase, employerId)
  if (narrowing.length === 0) return
  throw new KoppelError('upstream_filtered',
    `the Loket user's employment filter narrows what Loket returns (${narrowing.join('; ')}): set it to "alle dienstverbanden" for this employer`,
    { details: { filters: narrowing } })
}

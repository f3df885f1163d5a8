import { z } from 'zod'
import type { HttpClient } from 'koppel/sdk'
import { fetchAllPages } from './client.js'
import { requireRight } from './loket-rights.js'

/**
 * The Loket connector's incremental cursor: the highest `lastModifiedVersionNumber` of the
 * employers (the user's employer list) and of this employer's employments, read BEFORE the
 * data, so that whatever changes during a fetch is fetched again next time. Loket's numbers
 * are global and never decrease (they stay below 2^53, so plain JSON numbers are exact).
 * Serialized as `{"v":1,"employer":N,"employments":N,"payrollRuns":"<ISO time>"}`; `payrollRuns`
 * (the latest approval or removal time of a payroll run seen, read before the results) is
 * optional, so a cursor saved before payroll results were synced still reads.
 */
export interface LoketCursor {
  employer: number
  employments: number
  /** Absent: payroll results were not synced; the next run reads every period in its window. */
  payrollRuns?: string
}

const cursorSchema = z.strictObject({
  v: z.literal(1), employer: z.number().int().nonnegative(), employments: z.number().int().nonnegative(),
  payrollRuns: z.iso.datetime({ offset: true }).optional(),
})

export function formatLoketCursor(cursor: LoketCursor): string {
  return JSON.stringify({ v: 1, employer: cursor.employer, employments: cursor.employments, ...(cursor.payrollRuns ? { payrollRuns: cursor.payrollRuns } : {}) })
}

/** The saved cursor, or null when it is missing or not ours (the fetch then runs in full). */
export function parseLoketCursor(value: string | null): LoketCursor | null {
  if (value === null) return null
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(value))
    if (!parsed.success) return null
    const { employer, employments, payrollRuns } = parsed.data
    return payrollRuns === undefined ? { employer, employments } : { employer, employments, payrollRuns }
  } catch {
    return null
  }
}

const versionItemSchema = z.looseObject({ id: z.string(), lastModifiedVersionNumber: z.number().int().nonnegative() })
export type VersionItem = z.infer<typeof versionItemSchema>

export function parseVersionItem(value: unknown): VersionItem | null {
  const parsed = versionItemSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

/** The current high-water marks: one `orderBy=-lastModifiedVersionNumber&pageSize=1` read per endpoint. */
export async function readLoketCursor(http: HttpClient, api: string, employerId: string): Promise<LoketCursor> {
  const [employer, employments] = await Promise.all([
    highestVersion(http, `${api}/providers/employers/lastmodifiedversionnumbers`),
    requireRight('employments', 'employments/lastmodifiedversionnumbers', () =>
      highestVersion(http, `${api}/providers/employers/${encodeURIComponent(employerId)}/employees/employments/lastmodifiedversionnumbers`)),
  ])
  return { employer, employments }
}

async function highestVersion(http: HttpClient, url: string): Promise<number> {
  const pages = fetchAllPages(http, url, { resource: 'lastModifiedVersionNumbers', pageSize: 1, query: { orderBy: '-lastModifiedVersionNumber' } })
  for await (const items of pages) {
    // Only the first page matters; `return` ends the pager without reading further pages.
    return Math.max(0, ...items.map((item) => parseVersionItem(item)?.lastModifiedVersionNumber ?? 0))
  }
  return 0
}

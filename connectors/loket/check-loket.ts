import { isKoppelError, KoppelError, toErrorInfo, type CheckFinding, type CheckReport, type ConnectorContext, type HttpClient } from 'koppel/sdk'
import { readEmploymentFilter } from './employment-filter.js'
import { acceptHeader, type LoketResource } from './resource-versions.js'
import { isForbidden, loketRights, type LoketRightKey } from './loket-rights.js'
import { resolveLoketEmployers } from './resolve-employers.js'
import { resolveLoketUrls, type LoketSettings } from './settings.js'

/** Rights a sync cannot do without; the others are probed and named but do not fail the check. */
const requiredRights = new Set<LoketRightKey>(['employees', 'partners', 'children', 'employments', 'wages', 'citizenServiceNumber'])

/**
 * Probes the credentials (one small employer list request) and, per employer, one small
 * request per category of data. A 403 names the Loket right the user lacks, in Loket's
 * Dutch ("Raadplegen HRM", …). `missing` lists every withheld right; a finding is `ok` only
 * if none of the rights a sync needs is missing (the BSN right only when `fetch_bsn` is on).
 * Rights tied to a sample employee or employment cannot be probed for an employer with none.
 * The user's employment filter is read too: one that hides employments (a sync would fail
 * with `upstream_filtered`) is named in `missing`, in Dutch, and fails the finding.
 */
export async function checkLoket(ctx: ConnectorContext<LoketSettings>, refs: readonly string[]): Promise<CheckReport> {
  const api = resolveLoketUrls(ctx.settings).api
  try {
    await get(ctx.http, `${api}/providers/employers`, 'employers', { pageSize: 1 })
  } catch (error) {
    const info = toErrorInfo(error)
    return { ok: false, credentials: { ok: false, error: info }, employers: refs.map((employer) => ({ employer, ok: false, missing: [], error: info })) }
  }
  const employers: CheckFinding[] = []
  for (const resolution of await resolveLoketEmployers(ctx, refs)) {
    employers.push(resolution.ok
      ? withFilter(await probeEmployer(ctx, api, resolution.ref, resolution.id), await probeFilter(ctx, resolution.id))
      : { employer: resolution.ref, ok: false, missing: [], error: resolution.error })
  }
  return { ok: employers.every((finding) => finding.ok), credentials: { ok: true }, employers }
}

async function probeEmployer(ctx: ConnectorContext<LoketSettings>, api: string, ref: string, employerId: string): Promise<CheckFinding> {
  const missing = new Set<LoketRightKey>()
  const probe = async (right: LoketRightKey, url: string, resource: LoketResource, query?: Record<string, number>): Promise<unknown> => {
    try {
      return await get(ctx.http, url, resource, query)
    } catch (error) {
      if (isForbidden(error)) missing.add(right)
      // No results for the probed year is no missing right.
      else if (!(isKoppelError(error) && error.code === 'upstream_not_found' && right === 'payrollPeriodResults')) throw error
      return null
    }
  }
  try {
    await employerDetail(ctx.http, api, employerId, ref)
    const employer = `${api}/providers/employers/${encodeURIComponent(employerId)}`
    const [employees, employments] = await Promise.all([
      probe('employees', `${employer}/employees`, 'employees', { pageSize: 1 }),
      probe('employments', `${employer}/employees/employments`, 'employments', { pageSize: 1 }),
    ])
    const employeeId = firstId(employees)
    const employmentId = firstId(employments)
    const employment = employmentId && `${api}/providers/employers/employees/employments/${encodeURIComponent(employmentId)}`
    await Promise.all([
      probe('children', `${employer}/employees/children`, 'children', { pageSize: 1 }),
      employeeId ? probe('partners', `${api}/providers/employers/employees/${encodeURIComponent(employeeId)}/partners`, 'partners', { pageSize: 1 }) : null,
      employeeId && ctx.settings.fetch_bsn
        ? probe('citizenServiceNumber', `${api}/providers/employers/employees/${encodeURIComponent(employeeId)}/citizenservicenumber`, 'citizenServiceNumber')
        : null,
      employment ? probe('wages', `${employment}/wages`, 'wages', { pageSize: 1 }) : null,
      employment ? probe('payrollPeriodResults', `${employment}/payrollperiodresults/year/${new Date().getFullYear()}`, 'payrollPeriodResults') : null,
      employment ? probe('payrollPeriodData', `${employment}/payrollperioddata`, 'payrollPeriodData', { pageSize: 1 }) : null,
    ])
  } catch (error) {
    return { employer: ref, ok: false, missing: names(missing), error: toErrorInfo(error) }
  }
  const ok = [...missing].every((right) => !requiredRights.has(right))
  return { employer: ref, ok, missing: names(missing) }
}

/** The narrowing filters in Dutch, or the reason they could not be read. */
async function probeFilter(ctx: ConnectorContext<LoketSettings>, employerId: string): Promise<string[]> {
  try {
    return await readEmploymentFilter(ctx.http, resolveLoketUrls(ctx.settings).filter, employerId)
  } catch (error) {
    // Unreadable, a sync fails on it too: named rather than thrown, so the other findings stand.
    const code = toErrorInfo(error).code
    const reason = code === 'upstream_forbidden' ? 'geen toegang' : code === 'upstream_not_found' ? 'niet gevonden' : code
    return [`Filterinstellingen dienstverbanden niet leesbaar (${reason})`]
  }
}

function withFilter(finding: CheckFinding, narrowing: string[]): CheckFinding {
  if (narrowing.length === 0) return finding
  const error = finding.error ?? { code: 'upstream_filtered', message: `the Loket user's employment filter narrows what Loket returns: ${narrowing.join('; ')}` }
  return { ...finding, ok: false, missing: [...finding.missing, ...narrowing], error }
}

async function employerDetail(http: HttpClient, api: string, employerId: string, ref: string): Promise<void> {
  try {
    await get(http, `${api}/providers/employers/${encodeURIComponent(employerId)}`, 'employers')
  } catch (error) {
    if (isKoppelError(error) && (error.code === 'upstream_not_found' || error.code === 'upstream_forbidden')) {
      throw new KoppelError('employer_not_found', `Loket employer ${ref} not found (or not accessible to the authorizing user)`)
    }
    throw error
  }
}

function get(http: HttpClient, url: string, resource: LoketResource, query?: Record<string, number>): Promise<unknown> {
  return http.getJson(url, { headers: { Accept: acceptHeader(resource) }, ...(query ? { query } : {}) })
}

function firstId(list: unknown): string | null {
  const first = (list as { _embedded?: Array<{ id?: unknown }> } | null)?._embedded?.[0]?.id
  return typeof first === 'string' ? first : null
}

function names(rights: Set<LoketRightKey>): string[] {
  // Several resources share a right (partners and children need the employee's): named once.
  return [...new Set(Object.keys(loketRights).filter((key) => rights.has(key as LoketRightKey)).map((key) => loketRights[key as LoketRightKey]))]
}

import { z } from 'zod'
import { fetchAll, fetchAllPages } from './client.js'
import { idOf } from './fetch-employees.js'
import { segment, type FetchScope } from './fetch-scope.js'
import { parseRaw } from './loket-raw-schemas.js'
import { requireRight, requireRightEach } from './loket-rights.js'
import { loketPageTypes, type RawPayrollResultItem } from './raw-items.js'

const periodSchema = z.looseObject({
  id: z.number().int(), year: z.number().int(), periodNumber: z.number().int(), startDate: z.string(), testYear: z.boolean().nullish(),
  payrollRuns: z.array(z.unknown()).nullish(),
})
type Period = z.infer<typeof periodSchema>

const runSchema = z.looseObject({
  id: z.string().min(1),
  payrollPeriod: z.looseObject({ year: z.number().int(), periodNumber: z.number().int() }),
  approvalTime: z.string().nullish(),
  removeTime: z.string().nullish(),
})
type Run = z.infer<typeof runSchema>

const runResultSchema = z.looseObject({ payrollPeriods: z.array(z.looseObject({ payrollPeriod: z.looseObject({ year: z.number().int(), periodNumber: z.number().int().nullish() }) })).nullish() })

/**
 * Payroll results ("loonresultaten", DESIGN.md §4), per payroll administration of the employer.
 *
 * Source: the period results (`…/payrollperiods/{id}/payrollresults`), Loket's current state
 * of a period for every employment, retroactive corrections from later runs included: one
 * paged list per period instead of one request per employment and year
 * (`…/payrollperiodresults/year/{year}`), and the only source that is complete for a period,
 * which is what lets a removed run's results be deleted. Run results are read only to learn
 * which periods a run touched.
 *
 * `runsSince` null (a full run, or no payroll mark yet): every non-test period that starts in
 * the window (from `payroll_results_since` up to today, or later once it has a run) is read. Otherwise only the periods touched
 * by the runs approved or removed after `runsSince`: an approved run's own results name its
 * periods (a July run may correct January); a removed run's results are gone, so every period
 * of its year up to its own is read again. Each period read claims its results complete, so
 * what is gone from it is deleted and nothing else. Returns the new mark: the latest approval
 * or removal time among the runs listed before any result was read.
 */
export async function fetchPayrollResults(scope: FetchScope, runsSince: string | null): Promise<string | null> {
  const administrations = await scope.payrollAdministrations()
  const windowStart = `${scope.settings.payroll_results_since ?? monthsBefore(scope.referenceDate, 12)}-01`
  const marks = await Promise.all(administrations.map((administration) => fetchAdministration(scope, idOf(administration), windowStart, runsSince)))
  return latest([runsSince, ...marks])
}

async function fetchAdministration(scope: FetchScope, administrationId: string, windowStart: string, runsSince: string | null): Promise<string | null> {
  const base = `${scope.api}/providers/employers/payrolladministrations/${segment(administrationId)}`
  const since = runsSince ?? `${windowStart}T00:00:00Z`
  // The runs are listed before any result is read: their times are the next mark, so a run
  // approved while the results are read is read again next time rather than missed. A full run
  // needs the periods anyway and lists them alongside; an incremental one only once a run
  // was listed (mostly none: no request then).
  const listPeriods = () => requireRight('payrollPeriodResults', 'payrollperiods', () => fetchAll(scope.http, `${base}/payrollperiods`, {
    resource: 'payrollPeriods', pageSize: scope.settings.page_size, signal: scope.signal,
  })).then((items) => items.map((period) => parseRaw(periodSchema, period, 'payroll period')))
  const fullPeriods = runsSince === null ? listPeriods() : null
  fullPeriods?.catch(() => {})
  const runs = (await requireRight('payrollPeriodResults', 'payrollruns', () => fetchAll(scope.http, `${base}/payrollruns`, {
    resource: 'payrollRuns', pageSize: scope.settings.page_size, signal: scope.signal,
    query: { filter: `approvalTime gt '${since}' or removeTime gt '${since}'` },
  }))).map((run) => parseRaw(runSchema, run, 'payroll run'))
  if (runsSince !== null && runs.length === 0) return null
  const periods = await (fullPeriods ?? listPeriods())
  const regular = periods.filter((period) => period.testYear !== true && period.startDate >= windowStart)
  const mark = latest(runs.flatMap((run) => [run.approvalTime ?? null, run.removeTime ?? null]))
  if (runsSince === null) {
    // A full run reads a future period only once it has a run (results may be calculated ahead),
    // by the period list or by the runs list (a run approved between the two listings).
    const withRun = new Set(runs.map((run) => periodKey(run.payrollPeriod.year, run.payrollPeriod.periodNumber)))
    const toRead = regular.filter((period) => period.startDate <= scope.referenceDate || (period.payrollRuns?.length ?? 0) > 0 ||
      withRun.has(periodKey(period.year, period.periodNumber)))
    await Promise.all(toRead.map((period) => fetchPeriod(scope, base, administrationId, period)))
    return mark
  }
  await readTouchedPeriods(scope, runs, regular, (period) => fetchPeriod(scope, base, administrationId, period))
  return mark
}

const periodKey = (year: number, periodNumber: number): string => `${year}-${periodNumber}`

/**
 * Reads each period in the window that a listed run touched, whatever its date (its run may
 * just have been removed), once, as soon as it is known: a run's own period at once, while
 * its results are paged to find the earlier periods it corrected; a removed run's results are
 * gone, so every period of its year up to its own.
 */
async function readTouchedPeriods(scope: FetchScope, runs: readonly Run[], inWindow: readonly Period[], read: (period: Period) => Promise<void>): Promise<void> {
  const reads = new Map<string, Promise<void>>()
  const touch = (year: number, periodNumber: number): void => {
    const key = periodKey(year, periodNumber)
    if (reads.has(key)) return
    const period = inWindow.find((candidate) => candidate.year === year && candidate.periodNumber === periodNumber)
    if (!period) return
    const reading = read(period)
    // Awaited below; the no-op catch only keeps a failure from being "unhandled" meanwhile.
    reading.catch(() => {})
    reads.set(key, reading)
  }
  await Promise.all(runs.map(async (run) => {
    const { year, periodNumber } = run.payrollPeriod
    if (run.removeTime) {
      for (const period of inWindow) if (period.year === year && period.periodNumber <= periodNumber) touch(period.year, period.periodNumber)
      return
    }
    touch(year, periodNumber)
    const url = `${scope.api}/providers/employers/payrolladministrations/payrollruns/${segment(run.id)}/results`
    const pages = requireRightEach('payrollPeriodResults', 'payrollruns/results', fetchAllPages(scope.http, url, {
      resource: 'payrollPeriodResults', pageSize: scope.settings.page_size, signal: scope.signal,
    }))
    for await (const items of pages) {
      for (const item of items) {
        for (const entry of parseRaw(runResultSchema, item, 'payroll run result').payrollPeriods ?? []) {
          if (typeof entry.payrollPeriod.periodNumber === 'number') touch(entry.payrollPeriod.year, entry.payrollPeriod.periodNumber)
        }
      }
    }
  }))
  // Once every run's results are paged, nothing more is touched: what is left is the reads.
  await Promise.all(reads.values())
}

async function fetchPeriod(scope: FetchScope, base: string, payrollAdministrationId: string, period: Period): Promise<void> {
  const url = `${base}/payrollperiods/${period.id}/payrollresults`
  const pages = requireRightEach('payrollPeriodResults', 'payrollperiods/payrollresults', fetchAllPages(scope.http, url, {
    resource: 'payrollPeriodResults', pageSize: scope.settings.page_size, signal: scope.signal,
  }))
  // The claim rides on the first page (also when the period has no results at all).
  const complete = [{ entity: 'payroll_result', match: { payrollAdministrationId, year: period.year, periodNumber: period.periodNumber } }]
  let first = true
  for await (const items of pages) {
    const results = items.map((result): RawPayrollResultItem => ({ payrollAdministrationId, result }))
    await scope.emit({ type: loketPageTypes.payrollResults, items: results, ...(first ? { complete } : {}) })
    first = false
  }
  if (first) await scope.emit({ type: loketPageTypes.payrollResults, items: [], complete })
}

/** `YYYY-MM` of the month `months` before the date's month. */
function monthsBefore(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}

/** The latest of some ISO times (compared as instants), or null. */
function latest(times: ReadonlyArray<string | null>): string | null {
  let best: string | null = null
  for (const time of times) if (time && (best === null || Date.parse(time) > Date.parse(best))) best = time
  return best
}

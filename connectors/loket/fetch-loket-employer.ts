import { isKoppelError, KoppelError, type ErrorCode, type FetchContext } from 'koppel/sdk'
import { createPageChannel } from 'koppel/sdk'
import { createRequestLimiter } from 'koppel/sdk'
import { fetchAllEmployees } from './fetch-employees.js'
import { fetchAllEmployments } from './fetch-employments.js'
import { fetchEmployerRecord } from './fetch-employer-record.js'
import { fetchChanges } from './fetch-changes.js'
import { fetchPayrollResults } from './fetch-payroll-results.js'
import { requireUnfilteredEmployments } from './employment-filter.js'
import { createFetchScope, type FetchScope } from './fetch-scope.js'
import { withPeople } from './fetch-people.js'
import { formatLoketCursor, parseLoketCursor, readLoketCursor } from './loket-cursor.js'
import { loketPageTypes, type LoketPage } from './raw-items.js'
import { resolveLoketUrls, type LoketSettings } from './settings.js'

/**
 * The Loket connector's `fetch`: one employer's raw pages (see raw-items.ts), in no fixed
 * order, ending with a `cursor` page. Requests run in a pool of `settings.concurrency`
 * across employees and employments (the connection's one limit: `ctx.http` adds none); pages flow to the caller as they complete and at most a
 * few are buffered. Stopping early (return, `ctx.signal`) cancels whatever has not started.
 *
 * `full`: employer, all employees (+ BSN, partners), all employments with their wage, working-hours
 * and organizational chains, the employer's children (fetch-people.ts). `incremental` with a readable cursor: only the employer if it
 * changed and the employments (with their employees) whose `lastModifiedVersionNumber` is
 * above the cursor. Either way the new cursor is read before the data, and the Loket user's
 * employment filter is checked before anything is fetched: a filter that hides employments
 * fails the employer with `upstream_filtered` before a single page is yielded (DESIGN §4).
 */
export async function* fetchLoketEmployer(ctx: FetchContext<LoketSettings>): AsyncGenerator<LoketPage> {
  const previous = ctx.mode === 'incremental' ? parseLoketCursor(ctx.cursor) : null
  if (ctx.mode === 'incremental' && previous === null) ctx.log.warn({ employer: ctx.employer.id }, 'loket cursor unreadable, fetching in full')
  let stopped: Error | null = null
  const stopReason = (): Error | null => stopped ?? (ctx.signal.aborted ? abortedError() : null)
  const channel = createPageChannel<LoketPage>(Math.max(4, ctx.settings.concurrency))
  const scope = createFetchScope(ctx, createRequestLimiter(ctx.settings.concurrency, stopReason), (page) => channel.push(page))
  const onAbort = (): void => channel.fail(abortedError())
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  try {
    ctx.signal.throwIfAborted()
    const [, marks] = await Promise.all([
      requireUnfilteredEmployments(scope.http, resolveLoketUrls(ctx.settings).filter, scope.employerId),
      readLoketCursor(scope.http, scope.api, scope.employerId).catch((error: unknown) => {
        // A full fetch does not need the version numbers; without them the next incremental
        // run is a full one. An incremental run cannot go on without them.
        if (previous !== null || !isKoppelError(error) || !cursorOptional.has(error.code)) throw error
        ctx.log.warn({ employer: ctx.employer.id, code: error.code }, 'loket version numbers unavailable, no cursor saved')
        return null
      }),
    ])
    // Payroll results have their own mark: Loket's version numbers do not cover them.
    const payroll = ctx.settings.payroll_results ? fetchPayrollResults(scope, previous?.payrollRuns ?? null) : Promise.resolve(null)
    const people = withPeople(scope, previous === null)
    const work = Promise.all([(previous === null ? fetchEverything(people.scope) : fetchChanges(people.scope, previous)).then(() => people.finish()), payroll])
    work.then(() => channel.close(), (error: unknown) => channel.fail(error))
    yield* channel
    if (marks === null) return
    const payrollRuns = await payroll
    const cursor = {
      employer: Math.max(marks.employer, previous?.employer ?? 0),
      employments: Math.max(marks.employments, previous?.employments ?? 0),
      ...(payrollRuns === null ? {} : { payrollRuns }),
    }
    yield { type: loketPageTypes.cursor, items: [], cursor: formatLoketCursor(cursor) }
  } finally {
    stopped ??= new KoppelError('aborted', 'loket fetch stopped')
    channel.fail(stopped)
    ctx.signal.removeEventListener('abort', onAbort)
  }
}

const cursorOptional = new Set<ErrorCode>(['upstream_not_found', 'upstream_forbidden', 'upstream_bad_response'])

async function fetchEverything(scope: FetchScope): Promise<void> {
  await Promise.all([fetchEmployerRecord(scope), fetchAllEmployees(scope), fetchAllEmployments(scope)])
}

function abortedError(): KoppelError {
  return new KoppelError('aborted', 'loket fetch aborted')
}

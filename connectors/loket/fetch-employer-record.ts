import { isKoppelError } from 'koppel/sdk'
import { fetchAll, fetchDetail } from './client.js'
import { segment, type FetchScope } from './fetch-scope.js'
import { loketPageTypes, type RawEmployerItem } from './raw-items.js'

/**
 * The employer itself plus its payroll administrations (they hold the wage tax number). Not
 * every Loket user may read payroll administrations; without them the tax number is null,
 * which is no reason to fail a sync.
 */
export async function fetchEmployerRecord(scope: FetchScope): Promise<void> {
  const base = `${scope.api}/providers/employers/${segment(scope.employerId)}`
  const [employer, payrollAdministrations] = await Promise.all([
    fetchDetail(scope.http, base, 'employers'),
    fetchAll(scope.http, `${base}/payrolladministrations`, { resource: 'payrollAdministrations', pageSize: scope.settings.page_size, signal: scope.signal })
      .catch((error: unknown) => {
        // A 404 here is tolerated as before (not every Loket serves the list for every user); the
        // employer's own 404 still fails the employer with upstream_not_found.
        if (isKoppelError(error) && (error.code === 'upstream_forbidden' || error.code === 'upstream_not_found')) {
          scope.log.debug({ code: error.code }, 'loket payroll administrations unavailable')
          return []
        }
        throw error
      }),
  ])
  const item: RawEmployerItem = { employer, payrollAdministrations }
  await scope.emit({ type: loketPageTypes.employer, items: [item] })
}

import { isKoppelError } from 'koppel/sdk'
import { fetchDetail } from './client.js'
import { segment, type FetchScope } from './fetch-scope.js'
import { loketPageTypes, type RawEmployerItem } from './raw-items.js'

/**
 * The employer itself plus its payroll administrations (they hold the wage tax number; the
 * list is shared with the payroll results, `scope.payrollAdministrations`). Not every Loket
 * user may read payroll administrations: a 403 leaves the tax number null, which is no reason
 * to fail a sync. A 404 on the list, like one on the employer, fails the employer with
 * `upstream_not_found` (DESIGN §4: a 404 on a listing is never an empty list).
 */
export async function fetchEmployerRecord(scope: FetchScope): Promise<void> {
  const [employer, payrollAdministrations] = await Promise.all([
    fetchDetail(scope.http, `${scope.api}/providers/employers/${segment(scope.employerId)}`, 'employers'),
    scope.payrollAdministrations().catch((error: unknown) => {
      if (isKoppelError(error) && error.code === 'upstream_forbidden') {
        scope.log.debug({ code: error.code }, 'loket payroll administrations not readable: no wage tax number')
        return []
      }
      throw error
    }),
  ])
  const item: RawEmployerItem = { employer, payrollAdministrations }
  await scope.emit({ type: loketPageTypes.employer, items: [item] })
}

import { isKoppelError, KoppelError } from 'koppel/sdk'

/**
 * The Loket rights ("rechten") Koppel depends on, by their Dutch names as a Loket admin sees
 * them in the user's authorization screen, keyed by the resource whose 403 reveals them.
 */
export const loketRights = {
  citizenServiceNumber: 'Beheren en raadplegen BSN',
  wages: 'Raadplegen beloningen',
  employments: 'Raadplegen dienstverbanden',
  employees: 'Raadplegen HRM',
  // Partners and children are the employee's personal data: assumed the same right as the employee.
  // Unconfirmed: the OpenAPI document names no right per activity (rights "represent a group of
  // activities", configured in Loket; GetAuthorizationsByEmployerId lists the user's activities),
  // and loket-api.md §1.5 names none either. The endpoints sit under the tags Partner / Child
  // ("Employee familiy and contacts") and Actuals ("Huidige gegevens").
  partners: 'Raadplegen HRM',
  children: 'Raadplegen HRM',
  payrollPeriodResults: 'Raadplegen loonoutput beperkt',
  payrollPeriodData: 'Raadplegen variabele gegevens',
} as const

export type LoketRightKey = keyof typeof loketRights

export function isForbidden(error: unknown): boolean {
  return isKoppelError(error) && error.code === 'upstream_forbidden'
}

/**
 * Runs a request and turns its 403 into an error that names the missing right; a 403 on the
 * BSN is `bsn_not_authorized` (a sync must never store an empty BSN for lack of a right).
 */
export async function requireRight<T>(right: LoketRightKey, endpoint: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    if (!isForbidden(error)) throw error
    const message = `Loket user lacks the right "${loketRights[right]}" (403 on ${endpoint})`
    const code = right === 'citizenServiceNumber' ? 'bsn_not_authorized' : 'upstream_forbidden'
    throw new KoppelError(code, message, { cause: error, details: { right: loketRights[right], endpoint } })
  }
}

/** {@link requireRight} for every page of a paged list. */
export async function* requireRightEach<T>(right: LoketRightKey, endpoint: string, pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]()
  for (;;) {
    const next = await requireRight(right, endpoint, () => iterator.next())
    if (next.done) return
    yield next.value
  }
}

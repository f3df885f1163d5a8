/**
 * What both records-paging benchmarks (SQLite and PostgreSQL) measure the same way: the
 * records route in process over two connections (`page`), a full walk following
 * `nextCursor`, the p50 of the first and last pages, and the employee record they fill the
 * table with.
 */
import { recordRoutes } from '../core/http/routes/records.js'
import type { Db } from '../core/storage/open-database.js'

/** The employee record both fill their tables with (about 400 bytes of JSON). */
export const pagingRecord = (id: string, i: number) => JSON.stringify({
  id, employeeNumber: i, firstName: 'Jan', lastName: `Jansen-${i}`, dateOfBirth: '1980-01-01', bsn: null,
  address: { street: 'Breestraat', houseNumber: i % 200, postalCode: '2311 CS', city: 'Leiden', country: { code: 'NL', label: 'Nederland' } },
  email: `jan.${i}@example.test`, phone: null, iban: null, startDate: '2020-01-01', endDate: null,
})

export const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export function routePages(db: Db, options: { limit: number; samples: number }) {
  const { limit, samples } = options
  const app = recordRoutes({ db, config: { connections: [{ id: 'acme-loket', employers: [] }, { id: 'beta-loket', employers: [] }] } })
  /** One page as a client reads it: the request, and its JSON parsed. */
  const page = async (query: string) => {
    const started = performance.now()
    const response = await app.request(`/records/employee?${query}`)
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null }
    if (response.status !== 200) throw new Error(`records answered ${response.status}`)
    return { ms: performance.now() - started, items: body.items.length, nextCursor: body.nextCursor }
  }

  return {
    /** A full walk: every page once, following `nextCursor`; returns the time and the cursor of the last page. */
    async walk(filter: string) {
      const started = performance.now()
      let cursor: string | null = null
      let lastCursor: string | null = null
      let seen = 0
      let pages = 0
      do {
        const got = await page(`limit=${limit}${filter}${cursor ? `&cursor=${cursor}` : ''}`)
        seen += got.items
        pages++
        lastCursor = cursor
        cursor = got.nextCursor
      } while (cursor)
      return { ms: performance.now() - started, seen, pages, lastCursor }
    },
    /** p50 of the first page and of the last (reached with `lastCursor`), alternating. */
    async firstAndLast(filter: string, lastCursor: string | null) {
      const first: number[] = []
      const last: number[] = []
      for (let i = 0; i < samples; i++) {
        first.push((await page(`limit=${limit}${filter}`)).ms)
        last.push((await page(`limit=${limit}${filter}${lastCursor ? `&cursor=${lastCursor}` : ''}`)).ms)
      }
      return { firstPageMs: p50(first), lastPageMs: p50(last) }
    },
  }
}

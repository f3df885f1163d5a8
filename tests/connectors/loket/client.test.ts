import { describe, expect, it } from 'vitest'
import { fetchAll, fetchAllPages, fetchDetail } from '../../../connectors/loket/client.js'
import type { HttpClient, HttpRequestOptions } from '../../../core/connector.js'

/** A structural HttpClient answering from a list of canned bodies, recording each call. */
function scripted(bodies: unknown[]) {
  const calls: Array<{ url: string; options: HttpRequestOptions | undefined }> = []
  const http: HttpClient = {
    async getJson(url, options) {
      calls.push({ url, options })
      if (bodies.length === 0) throw new Error('no more scripted answers')
      return bodies.shift()
    },
    async request() {
      throw new Error('not used')
    },
  }
  return { http, calls }
}
const page = (currentPage: number, totalPages: number, items: unknown[]) => ({ currentPage, totalPages, pageSize: 2, totalSize: 99, _embedded: items, version: {}, messages: [] })
const url = 'https://api.loket.nl/v2/providers/employers'

describe('loket client', () => {
  it('pages from 1 until currentPage reaches totalPages, with the resource version in Accept', async () => {
    const { http, calls } = scripted([page(1, 3, [{ id: 'a' }, { id: 'b' }]), page(2, 3, [{ id: 'c' }, { id: 'd' }]), page(3, 3, [{ id: 'e' }])])
    const items = await fetchAll(http, url, { resource: 'employments', pageSize: 2, query: { filter: 'x eq 1' } })
    expect(items).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'e' }])
    expect(calls.map((call) => call.options?.query)).toEqual([1, 2, 3].map((pageNumber) => ({ filter: 'x eq 1', pageNumber, pageSize: 2 })))
    expect(calls[0]?.options?.headers).toEqual({ Accept: 'application/json;version=2019-12-16' })
  })

  it('stops after one request when there are no pages at all', async () => {
    const { http, calls } = scripted([page(1, 0, [])])
    expect(await fetchAll(http, url, { resource: 'employers', pageSize: 250 })).toEqual([])
    expect(calls).toHaveLength(1)
  })

  it('rejects a malformed envelope and a shrinking list as upstream_bad_response without body content', async () => {
    const secret = { _embedded: 'Jansen 123456782', currentPage: 1, totalPages: 1 }
    const bad = await fetchAll(scripted([secret]).http, url, { resource: 'employers', pageSize: 2 }).catch((error: unknown) => error)
    expect(bad).toMatchObject({ code: 'upstream_bad_response', details: { path: '/v2/providers/employers', pageNumber: 1 } })
    expect(JSON.stringify(bad) + String(bad)).not.toContain('Jansen')

    const missingPaging = await fetchAll(scripted([{ _embedded: [] }]).http, url, { resource: 'employers', pageSize: 2 }).catch((error: unknown) => error)
    expect(missingPaging).toMatchObject({ code: 'upstream_bad_response' })

    const shrinking = scripted([page(1, 3, [{ id: 'a' }, { id: 'b' }]), page(2, 1, [{ id: 'c' }])])
    const pages: unknown[][] = []
    const error = await (async () => {
      for await (const items of fetchAllPages(shrinking.http, url, { resource: 'employers', pageSize: 2 })) pages.push(items)
    })().catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'upstream_bad_response', message: expect.stringContaining('shrank') })
    expect(pages).toHaveLength(1)

    // Same number of pages, one record fewer: the rest shifted back and one was skipped.
    const fewer = scripted([{ ...page(1, 2, [{ id: 'a' }, { id: 'b' }]), totalSize: 4 }, { ...page(2, 2, [{ id: 'd' }]), totalSize: 3 }])
    const lost = await fetchAll(fewer.http, url, { resource: 'employers', pageSize: 2 }).catch((caught: unknown) => caught)
    expect(lost).toMatchObject({ code: 'upstream_bad_response', message: expect.stringContaining('shrank'), details: { pageNumber: 2 } })
    // A list that grows while paging only repeats a record: nothing is lost, the fetch goes on.
    const grows = scripted([{ ...page(1, 2, [{ id: 'a' }, { id: 'b' }]), totalSize: 3 }, { ...page(2, 2, [{ id: 'b' }, { id: 'c' }]), totalSize: 4 }])
    expect(await fetchAll(grows.http, url, { resource: 'employers', pageSize: 2 })).toHaveLength(4)
  })

  it('accepts _embedded: null as an empty page', async () => {
    const { http, calls } = scripted([{ ...page(1, 0, []), _embedded: null, totalSize: 0 }])
    expect(await fetchAll(http, url, { resource: 'employers', pageSize: 250 })).toEqual([])
    expect(calls).toHaveLength(1)
  })

  it('stops a list that keeps growing, one that answers the wrong page and one past the page cap', async () => {
    const growing = scripted(Array.from({ length: 50 }, (_, i) => page(i + 1, i + 2, [{ id: `g${i}` }])))
    const grew = await fetchAll(growing.http, url, { resource: 'employers', pageSize: 1 }).catch((caught: unknown) => caught)
    expect(grew).toMatchObject({ code: 'upstream_bad_response', details: { path: '/v2/providers/employers' } })
    expect(growing.calls.length).toBeLessThanOrEqual(4)

    const wrongPage = scripted([page(1, 3, [{ id: 'a' }]), page(3, 3, [{ id: 'c' }])])
    const wrong = await fetchAll(wrongPage.http, url, { resource: 'employers', pageSize: 1 }).catch((caught: unknown) => caught)
    expect(wrong).toMatchObject({ code: 'upstream_bad_response', details: { path: '/v2/providers/employers', pageNumber: 2, currentPage: 3 } })

    const long = scripted(Array.from({ length: 5 }, (_, i) => page(i + 1, 5, [{ id: `l${i}` }])))
    const capped = await fetchAll(long.http, url, { resource: 'employers', pageSize: 1, maxPages: 3 }).catch((caught: unknown) => caught)
    expect(capped).toMatchObject({ code: 'upstream_bad_response', details: { pageNumber: 4, maxPages: 3 } })
    expect(long.calls).toHaveLength(3)
  })

  it('honours an aborted signal before the next page', async () => {
    const controller = new AbortController()
    const { http, calls } = scripted([page(1, 2, [{ id: 'a' }]), page(2, 2, [{ id: 'b' }])])
    const run = (async () => {
      for await (const _ of fetchAllPages(http, url, { resource: 'employers', pageSize: 1, signal: controller.signal })) controller.abort()
    })()
    await expect(run).rejects.toThrow()
    expect(calls).toHaveLength(1)
  })

  it('reads the content of a detail envelope and rejects one without content', async () => {
    expect(await fetchDetail(scripted([{ content: { id: 'x' }, version: {}, messages: [] }]).http, url, 'employers')).toEqual({ id: 'x' })
    await expect(fetchDetail(scripted([{ messages: [] }]).http, url, 'employers')).rejects.toMatchObject({ code: 'upstream_bad_response' })
  })
})

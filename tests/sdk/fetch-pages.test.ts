import { describe, expect, it } from 'vitest'
import { fetchPages, type ListPage } from '../../sdk/fetch-pages.js'

/** A listing answering page n with `answer(n)`, counting requests. */
function listing(answer: (pageNumber: number) => ListPage<string>) {
  const asked: number[] = []
  return {
    asked,
    fetchPage: async (pageNumber: number) => {
      asked.push(pageNumber)
      return answer(pageNumber)
    },
  }
}

async function collect(pages: AsyncGenerator<string[]>): Promise<{ items: string[]; error: unknown }> {
  const items: string[] = []
  try {
    for await (const page of pages) items.push(...page)
    return { items, error: undefined }
  } catch (error) {
    return { items, error }
  }
}

const describeAs = { describe: 'test list /things', details: { path: '/things' } }

describe('fetchPages', () => {
  it('reads every page until the last announced one, skipping empty pages', async () => {
    const source = listing((n) => ({ currentPage: n, totalPages: 3, totalSize: 5, items: n === 2 ? [] : [`a${n}`, `b${n}`] }))
    expect(await collect(fetchPages({ ...describeAs, fetchPage: source.fetchPage }))).toEqual({ items: ['a1', 'b1', 'a3', 'b3'], error: undefined })
    expect(source.asked).toEqual([1, 2, 3])
  })

  it('an empty listing is one request, with currentPage 1 or 0', async () => {
    for (const currentPage of [0, 1]) {
      const source = listing(() => ({ currentPage, totalPages: 0, totalSize: 0, items: [] }))
      expect(await collect(fetchPages({ ...describeAs, fetchPage: source.fetchPage }))).toEqual({ items: [], error: undefined })
      expect(source.asked).toEqual([1])
    }
  })

  it('stops an endlessly growing listing a few pages past its first announcement', async () => {
    const source = listing((n) => ({ currentPage: n, totalPages: n + 1, items: [`x${n}`] }))
    const { error } = await collect(fetchPages({ ...describeAs, fetchPage: source.fetchPage }))
    expect(error).toMatchObject({ code: 'upstream_bad_response', message: expect.stringContaining('grew from 2 to 5 pages'), details: { path: '/things', pageNumber: 4, announcedPages: 2 } })
    expect(source.asked).toEqual([1, 2, 3, 4])
  })

  it('lets a list grow within the slack (records added while paging only repeat one)', async () => {
    const source = listing((n) => ({ currentPage: n, totalPages: n === 1 ? 2 : 4, items: [`x${n}`] }))
    expect((await collect(fetchPages({ ...describeAs, fetchPage: source.fetchPage }))).items).toEqual(['x1', 'x2', 'x3', 'x4'])
    const strict = listing((n) => ({ currentPage: n, totalPages: n === 1 ? 2 : 3, items: [`x${n}`] }))
    expect((await collect(fetchPages({ ...describeAs, growthSlackPages: 0, fetchPage: strict.fetchPage }))).error).toMatchObject({ code: 'upstream_bad_response' })
  })

  it('fails on a currentPage that is not the page asked for', async () => {
    const source = listing((n) => ({ currentPage: n === 2 ? 3 : n, totalPages: 3, items: [`x${n}`] }))
    const { items, error } = await collect(fetchPages({ ...describeAs, fetchPage: source.fetchPage }))
    expect(error).toMatchObject({ code: 'upstream_bad_response', message: expect.stringContaining('answered page 3 when asked for page 2'), details: { pageNumber: 2, currentPage: 3 } })
    expect(items).toEqual(['x1'])
    // A source ignoring pageNumber (always page 1) is caught on the second request, not after thousands.
    const stuck = listing(() => ({ currentPage: 1, totalPages: 50, items: ['same'] }))
    expect((await collect(fetchPages({ ...describeAs, fetchPage: stuck.fetchPage }))).error).toMatchObject({ code: 'upstream_bad_response' })
    expect(stuck.asked).toEqual([1, 2])
  })

  it('fails on shrinking totalPages or totalSize', async () => {
    const pages = listing((n) => ({ currentPage: n, totalPages: n === 1 ? 3 : 2, items: ['x'] }))
    expect((await collect(fetchPages({ ...describeAs, fetchPage: pages.fetchPage }))).error).toMatchObject({ code: 'upstream_bad_response', message: expect.stringContaining('shrank') })
    const size = listing((n) => ({ currentPage: n, totalPages: 2, totalSize: n === 1 ? 4 : 3, items: ['x'] }))
    expect((await collect(fetchPages({ ...describeAs, fetchPage: size.fetchPage }))).error).toMatchObject({ code: 'upstream_bad_response', details: { pageNumber: 2 } })
  })

  it('never requests more than maxPages pages', async () => {
    const source = listing((n) => ({ currentPage: n, totalPages: 100, items: [`x${n}`] }))
    const { items, error } = await collect(fetchPages({ ...describeAs, maxPages: 10, fetchPage: source.fetchPage }))
    expect(error).toMatchObject({ code: 'upstream_bad_response', message: expect.stringContaining('cap of 10 pages'), details: { pageNumber: 11, maxPages: 10 } })
    expect(items).toHaveLength(10)
    expect(source.asked).toHaveLength(10)
  })

  it('checks the signal before each request', async () => {
    const controller = new AbortController()
    const source = listing((n) => ({ currentPage: n, totalPages: 3, items: [`x${n}`] }))
    const run = (async () => {
      for await (const _ of fetchPages({ ...describeAs, signal: controller.signal, fetchPage: source.fetchPage })) controller.abort()
    })()
    await expect(run).rejects.toThrow()
    expect(source.asked).toEqual([1])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import loket from '../../../connectors/loket/index.js'
import { startLoketSandbox, type StartedLoketSandbox } from '../../../connectors/loket/sandbox/index.js'
import type { HttpClient } from '../../../core/connector.js'
import { collectPages, fetchContext, firstEmployerId, sandboxHttp } from './loket-test-context.js'

let sandbox: StartedLoketSandbox
let employerId: string

beforeAll(async () => {
  sandbox = await startLoketSandbox({ seed: 5, employeesPerEmployer: 20, latencyMs: 5 })
  employerId = firstEmployerId(sandbox)
})
afterAll(() => sandbox.close())

/** Wraps a client to measure how many requests are in flight at once. */
function measured(inner: HttpClient) {
  const stats = { inFlight: 0, max: 0, total: 0 }
  const track = async <T>(call: () => Promise<T>): Promise<T> => {
    stats.inFlight++
    stats.total++
    stats.max = Math.max(stats.max, stats.inFlight)
    try {
      return await call()
    } finally {
      stats.inFlight--
    }
  }
  const http: HttpClient = {
    getJson: (url, options) => track(() => inner.getJson(url, options)),
    request: (url, options) => track(() => inner.request(url, options)),
  }
  return { http, stats }
}

describe('loket fetch pipeline', () => {
  it('keeps exactly `concurrency` requests in flight across employees and employments', async () => {
    const { http, stats } = measured(sandboxHttp(sandbox))
    await collectPages(loket.fetch(fetchContext(sandbox, employerId, { http, settings: { concurrency: 3, page_size: 7 } })))
    expect(stats.max).toBe(3)
    expect(stats.total).toBeGreaterThan(60)
  })

  it('runs one request at a time with concurrency 1', async () => {
    const { http, stats } = measured(sandboxHttp(sandbox))
    await collectPages(loket.fetch(fetchContext(sandbox, employerId, { http, settings: { concurrency: 1 } })))
    expect(stats.max).toBe(1)
  })

  it('starts no new requests once the consumer stops early', async () => {
    const { http, stats } = measured(sandboxHttp(sandbox))
    for await (const page of loket.fetch(fetchContext(sandbox, employerId, { http, settings: { concurrency: 2, page_size: 5 } }))) {
      expect(page.type).not.toBe('cursor')
      break
    }
    const afterBreak = stats.total
    await new Promise((resolve) => setTimeout(resolve, 100))
    // Requests already in flight may finish; nothing new starts.
    expect(stats.total).toBe(afterBreak)
    expect(stats.inFlight).toBe(0)
  })

  it('stops with aborted when the signal fires mid-fetch', async () => {
    const controller = new AbortController()
    const { http, stats } = measured(sandboxHttp(sandbox))
    const pages = loket.fetch(fetchContext(sandbox, employerId, { http, signal: controller.signal, settings: { concurrency: 2 } }))
    const run = collectPages(pages)
    setTimeout(() => controller.abort(), 30)
    await expect(run).rejects.toMatchObject({ code: 'aborted' })
    const atAbort = stats.total
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(stats.total).toBe(atAbort)
  })
})

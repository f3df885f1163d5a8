import { z } from 'zod'
import { defineConnector, type CompleteRead, type ConnectorDefinition } from '../../core/connector.js'
import { KoppelError } from '../../core/errors.js'
import type { CanonicalRecord, Entity, EntityRecords } from '../../core/model/index.js'

/**
 * A connector whose source data a test controls: canonical records per employer, served in
 * pages of `pageSize`, with switches for failures. Raw items are the canonical records.
 */
export interface FakeSource {
  employers: Map<string, Map<string, CanonicalRecord>>
  pageSize: number
  /** Throw on this page number (1-based) of the next fetches of these employers. */
  failOnPage?: { page: number; employers?: string[]; code?: 'upstream_unavailable' | 'upstream_bad_response' }
  fetches: number
  /** Pause between pages (ms), to make runs long enough to overlap. */
  delayMs?: number
  /** What the next fetches read: only the records `only` keeps (default all), with `complete` claimed on the last page. */
  read?: { only?: (item: CanonicalRecord) => boolean; complete?: CompleteRead[] }
}

/** How the fake connector declares itself: incremental (a cursor on every page) and its partial reads. */
export interface FakeConnectorOptions {
  incremental?: boolean
  partialReads?: string[]
}

export function createFakeSource(pageSize = 10): FakeSource {
  return { employers: new Map(), pageSize, fetches: 0 }
}

export function put<E extends Entity>(source: FakeSource, entity: E, record: EntityRecords[E]): void {
  let records = source.employers.get(record.employerId)
  if (!records) source.employers.set(record.employerId, (records = new Map()))
  records.set(`${entity}:${record.id}`, { entity, record } as CanonicalRecord)
}

export function remove(source: FakeSource, employerId: string, entity: Entity, id: string): void {
  source.employers.get(employerId)?.delete(`${entity}:${id}`)
}

export function createFakeConnector(source: FakeSource, id = 'fake', options: FakeConnectorOptions = {}): ConnectorDefinition {
  return defineConnector({
    ...(options.incremental ? { incremental: true } : {}),
    ...(options.partialReads ? { partialReads: options.partialReads } : {}),
    id,
    displayName: 'Fake payroll',
    status: 'beta',
    apiVersion: 1,
    settings: z.strictObject({}),
    auth: { kind: 'none' },
    async *fetch(ctx) {
      source.fetches++
      const only = source.read?.only
      const records = [...(source.employers.get(ctx.employer.id)?.values() ?? [])].filter((item) => !only || only(item))
      let page = 0
      for (let i = 0; i === 0 || i < records.length; i += source.pageSize) {
        page++
        const failure = source.failOnPage
        if (failure && failure.page === page && (!failure.employers || failure.employers.includes(ctx.employer.id))) {
          throw new KoppelError(failure.code ?? 'upstream_unavailable', `fake upstream failed on page ${page}`)
        }
        if (source.delayMs) await new Promise((resolve) => setTimeout(resolve, source.delayMs))
        const last = i + source.pageSize >= records.length
        yield {
          type: 'records', items: structuredClone(records.slice(i, i + source.pageSize)),
          ...(options.incremental ? { cursor: `fake-${ctx.mode}` } : {}),
          ...(last && source.read?.complete ? { complete: source.read.complete } : {}),
        }
      }
    },
    normalize(page) {
      return [...page.items]
    },
  })
}

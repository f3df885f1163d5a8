import type { ConnectorDefinition, FetchContext } from '../connector.js'
import { KoppelError } from '../errors.js'
import type { Entity } from '../model/index.js'
import type { Db } from '../storage/open-database.js'
import type { EmployerHashes } from '../storage/records.js'
import { contentHash, createCanonicalSerializer } from './canonical-json.js'
import { emptyCounts, type RunCounts } from './entity-counts.js'
import { validateRecord, type InvalidRecord } from './validate-record.js'

/** Marks a key of the hash map as seen in this fetch. */
export const SEEN = ''

export interface StagedFetch {
  counts: RunCounts
  invalid: InvalidRecord[]
  /** Stored hashes of the employer; ids seen by the fetch now map to `SEEN`. */
  hashes: EmployerHashes
  cursor: string | undefined
  staged: number
}

/**
 * Streams one employer's fetch: normalize each page, hash each record, compare with the
 * stored hash, and write only new or changed records to `staged_records` (small
 * transactions, not yet visible). Memory holds one page plus the employer's hash map.
 * Unchanged records are never validated again: what is stored was valid.
 */
export async function stageFetch(input: {
  db: Db
  connector: ConnectorDefinition
  ctx: FetchContext
  runId: string
  hashes: EmployerHashes
  maxInvalidListed?: number
}): Promise<StagedFetch> {
  const { db, connector, ctx, runId, hashes } = input
  const counts = emptyCounts()
  const invalid: InvalidRecord[] = []
  let cursor: string | undefined
  let position = 0
  const normalizeCtx = { settings: ctx.settings, employer: ctx.employer }
  const serializers = new Map<string, (record: Record<string, unknown>) => string>()

  for await (const page of connector.fetch(ctx)) {
    if (ctx.signal.aborted) throw new KoppelError('shutdown', 'sync aborted: the gateway is shutting down')
    if (page.cursor !== undefined) cursor = page.cursor
    const staged: Array<{ run_id: string; employer_id: string; position: number; entity: string; id: string; hash: string; data: string; existed: number }> = []
    for (const item of connector.normalize(page, normalizeCtx)) {
      const entity = item.entity as Entity
      const entityCounts = counts[entity]
      if (!entityCounts) throw new KoppelError('internal_error', `connector ${connector.id} produced unknown entity`)
      entityCounts.fetched++
      const key = String(item.record.id)
      let byId = hashes.get(entity)
      if (!byId) hashes.set(entity, (byId = new Map()))
      const stored = byId.get(key)
      if (stored === SEEN) continue // a duplicate within this fetch: the first one wins
      let serialize = serializers.get(entity)
      if (!serialize) serializers.set(entity, (serialize = createCanonicalSerializer()))
      const data = serialize(item.record)
      const hash = contentHash(data)
      if (stored === hash) {
        entityCounts.unchanged++
        byId.set(key, SEEN)
        continue
      }
      byId.set(key, SEEN)
      const verdict = validateRecord(item, ctx.employer.id)
      if (!verdict.ok) {
        entityCounts.invalid++
        if (invalid.length < (input.maxInvalidListed ?? 100)) invalid.push({ entity, id: String(item.record.id), reason: verdict.reason })
        // An invalid new record never existed; an invalid update keeps the stored version.
        if (stored === undefined) byId.delete(key)
        continue
      }
      staged.push({ run_id: runId, employer_id: ctx.employer.id, position: position++, entity, id: item.record.id, hash, data, existed: stored === undefined ? 0 : 1 })
      if (stored === undefined) entityCounts.created++
      else entityCounts.updated++
    }
    if (staged.length > 0) {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < staged.length; i += 200) await trx.insertInto('staged_records').values(staged.slice(i, i + 200)).execute()
      })
    }
  }
  return { counts, invalid, hashes, cursor, staged: position }
}

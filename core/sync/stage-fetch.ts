import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ConnectorDefinition, FetchContext } from '../connector.js'
import { forNormalize } from '../connector-context.js'
import { KoppelError } from '../errors.js'
import type { Entity } from '../model/index.js'
import type { BaselineStage } from '../storage/baseline-stage.js'
import type { Db } from '../storage/open-database.js'
import type { RecordHashes } from '../storage/record-hashes.js'
import type { EmployerHashes } from '../storage/records.js'
import { CanonicalWriter } from './canonical-writer.js'
import { CompleteReads } from './complete-reads.js'
import { emptyCounts, type RunCounts } from './entity-counts.js'
import { validateRecord, type InvalidRecord } from './validate-record.js'

/** Staged rows written per transaction once the fetch writes to `staged_records` (past `holdChars`). */
const stageBatch = 500
/**
 * New and changed records are held in memory, not written to `staged_records`, while their
 * data stays under this many characters (about 5,000 records): a resync with few changes
 * skips the staging round trip (written, read back, deleted). Past it they all go to
 * `staged_records` and the fetch continues there.
 */
const holdChars = 2_000_000

export type StagedRow = { run_id: string; employer_id: string; position: number; entity: string; id: string; hash: string; data: string; existed: number }

export interface StagedFetch {
  counts: RunCounts
  invalid: InvalidRecord[]
  /** Stored hashes of the employer; the records the fetch saw are marked seen. */
  hashes: EmployerHashes
  cursor: string | undefined
  staged: number
  /** The staged rows in fetch order when they stayed in memory; null when they went to `staged_records` (or a baseline stage). */
  held: StagedRow[] | null
  /** The complete reads the pages claimed (`RawPage.complete`). */
  complete: CompleteReads
}

/**
 * Streams one employer's fetch: normalize each page, hash each record, compare with the
 * stored hash, and keep only new or changed records: in memory while they are few
 * (`holdChars`), else in `staged_records` (small transactions, not yet visible), or in the
 * baseline's temp table (`input.baseline`). Memory holds one page plus the employer's hash map.
 * Unchanged records are never validated again: what is stored was valid.
 */
export async function stageFetch(input: {
  db: Db
  connector: ConnectorDefinition
  ctx: FetchContext
  runId: string
  hashes: EmployerHashes
  /** A baseline of an employer with nothing stored: rows go here, not to `staged_records`; `created` is counted at commit. */
  baseline?: BaselineStage | null
  maxInvalidListed?: number
}): Promise<StagedFetch> {
  const { db, connector, ctx, runId, hashes } = input
  const counts = emptyCounts()
  const invalid: InvalidRecord[] = []
  let cursor: string | undefined
  const complete = new CompleteReads()
  let position = 0
  const normalizeCtx = forNormalize(ctx)
  /** Per entity: its counts, its stored hashes and its writer, found with one lookup per record. */
  const entities = new Map<string, { entity: Entity; counts: RunCounts[Entity]; table: RecordHashes | undefined; writer: CanonicalWriter }>()
  let staged: StagedRow[] = []
  let held: StagedRow[] | null = input.baseline ? null : []
  let heldChars = 0
  /** Entity and id of the new records held: a repeated new record is dropped, as the staging table's unique key drops it. */
  const heldNew = new Set<string>()
  // Changed records of several pages go in one transaction: a resync with few changes per
  // page otherwise paid a commit (about a millisecond on disk) for every page.
  const flush = async (countCreated: boolean) => {
    if (staged.length === 0) return
    const rows = staged
    staged = []
    const baseline = input.baseline
    if (baseline) {
      await db.transaction().execute((trx) => baseline.write(trx, rows))
      return
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200)
        // RETURNING lists only the rows inserted: a repeated new id is ignored and not counted.
        const inserted = await trx.insertInto('staged_records').values(chunk).onConflict((oc) => oc.doNothing()).returning(['entity', 'existed']).execute()
        if (countCreated) for (const row of inserted) if (row.existed === 0) counts[row.entity as Entity].created++
      }
    })
  }

  // One write in flight while the next pages are hashed: on PostgreSQL the server inserts
  // meanwhile (SQLite writes on this thread either way). A failed write fails the fetch at
  // the next flush or at the end; a failed fetch waits for it, so dropping its staging rows
  // comes after every write.
  let writing: Promise<void> | undefined
  const flushBehind = async (countCreated = true) => {
    await writing
    writing = flush(countCreated)
    writing.catch(() => {}) // awaited at the next flush or at the end
  }
  try {
    for await (const page of connector.fetch(ctx)) {
      if (ctx.signal.aborted) throw new KoppelError('shutdown', 'sync aborted: the gateway is shutting down')
      if (page.cursor !== undefined) cursor = page.cursor
      complete.add(connector.id, page.complete)
      for (const item of connector.normalize(page, normalizeCtx)) {
        let of = entities.get(item.entity)
        if (!of) {
          const entityCounts = counts[item.entity as Entity]
          if (!entityCounts) throw new KoppelError('internal_error', `connector ${connector.id} produced unknown entity`)
          entities.set(item.entity, (of = { entity: item.entity as Entity, counts: entityCounts, table: hashes.get(item.entity), writer: new CanonicalWriter() }))
        }
        const { entity, counts: entityCounts, table, writer } = of
        entityCounts.fetched++
        const key = String(item.record.id)
        const slot = table ? table.find(key) : -1
        if (slot !== -1 && table!.isSeen(slot)) continue // a duplicate within this fetch: the first one wins
        const hash = writer.hash(item.record)
        // Only stored ids are marked (for deletes); new ids are not kept in memory: the staging
        // table's unique key drops a repeated new record, so a baseline costs no memory per record.
        if (slot !== -1) {
          table!.markSeen(slot)
          if (table!.hashEquals(slot, hash)) {
            entityCounts.unchanged++
            continue
          }
        }
        const verdict = validateRecord(item, ctx.employer.id)
        if (!verdict.ok) {
          // An invalid new record never existed; an invalid update keeps the stored version.
          entityCounts.invalid++
          if (invalid.length < (input.maxInvalidListed ?? 100)) invalid.push({ entity, id: key, reason: verdict.reason })
          continue
        }
        const row = { run_id: runId, employer_id: ctx.employer.id, position: position++, entity, id: key, hash, data: writer.text(), existed: slot === -1 ? 0 : 1 }
        if (slot !== -1) entityCounts.updated++
        if (!held) {
          staged.push(row)
          continue
        }
        if (slot === -1) {
          const newKey = `${entity}\u0000${key}`
          if (heldNew.has(newKey)) continue
          heldNew.add(newKey)
          entityCounts.created++
        }
        held.push(row)
        heldChars += row.data.length
      }
      // A connector without I/O between pages would otherwise hold the event loop for the whole fetch.
      await nextTurn()
      if (held && heldChars > holdChars) {
        // Too much to hold: what is held goes to `staged_records` (counted already), and the rest follows it there.
        staged = held
        held = null
        heldNew.clear()
        await flushBehind(false)
      } else if (staged.length >= stageBatch) await flushBehind()
    }
    if (!held) {
      await flushBehind()
      await writing
    }
  } catch (error) {
    await writing?.catch(() => {})
    throw error
  }
  return { counts, invalid, hashes, cursor, staged: position, held, complete }
}


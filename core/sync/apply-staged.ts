import type { Transaction } from 'kysely'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { KoppelError } from '../errors.js'
import { newId } from '../ids.js'
import { entityCreateOrder, entityDeleteOrder, mutationOrderingKey, mutationType, type Entity, type MutationData, type Operation, type OutboxMessage } from '../model/index.js'
import type { BaselineStage } from '../storage/baseline-stage.js'
import type { Database, Executor } from '../storage/database.js'
import { renewRunLease } from '../storage/run-lease.js'
import { refreshStatistics } from '../storage/table-statistics.js'
import { deleteRecords, getRecordData, upsertRecords, type RecordWrite } from '../storage/records.js'
import { allocateMutationSequences, lockMutationSequence } from '../storage/sequence-counter.js'
import type { Outbox } from '../webhooks/outbox.js'
import { computeChanges } from './compute-changes.js'
import type { RunCounts } from './entity-counts.js'

export interface ApplyInput {
  connectionId: string
  connector: string
  employerId: string
  runId: string
  /** Baseline: store the snapshot, emit no mutations. */
  emit: boolean
  deletes: ReadonlyArray<{ entity: string; id: string }>
  cursor: string
  outbox: Outbox
  /** The fetch's counts: an update that changes no field moves from `updated` to `unchanged`. */
  counts?: RunCounts
  /** How many records the fetch staged in `staged_records` (the statistics of `records` are refreshed before that many reads). */
  staged: number
  /** The staged rows in fetch order when the fetch held them in memory (`StagedFetch.held`), not in `staged_records`. */
  held?: readonly StagedRecord[] | null
  /** The fetch staged a baseline here (`openBaselineStage`) instead of in `staged_records`; implies `emit: false`. */
  baseline?: BaselineStage | null
  /** The run's lease, renewed by this commit (`storage.run_lease`). */
  runLeaseMs: number
}

const chunkSize = 1000

/**
 * Applies one employer's staged fetch inside the caller's transaction: snapshot upserts and
 * deletes, mutations with their global sequence, outbox rows, the employer's cursor, and the
 * cleanup of the staging rows. Parents are written before children; deletes go children first.
 * Its first statement locks the sequence counter, so sequences follow commit order
 * (`lockMutationSequence`); call it first in its transaction.
 */
export async function applyStaged(trx: Transaction<Database>, input: ApplyInput): Promise<number> {
  const now = new Date().toISOString()
  await lockMutationSequence(trx)
  // The fence: a run whose lease ran out (another process failed it) commits nothing.
  if (!(await renewRunLease(trx, input.runId, input.runLeaseMs))) {
    throw new KoppelError('lease_expired', 'this run lost its lease (another process failed it); nothing of this employer was committed')
  }
  let emitted = 0

  if (input.baseline) {
    const stored = await input.baseline.commit(trx, { connectionId: input.connectionId, employerId: input.employerId }, now)
    if (input.counts) for (const [entity, count] of stored) if (entity in input.counts) input.counts[entity as Entity].created += count
    // The next run reads this employer's records by id: planned for an empty table, each read scans them all.
    await refreshStatistics(trx, 'records', [...stored.values()].reduce((sum, count) => sum + count, 0))
  } else {
    await refreshStatistics(trx, 'records', input.staged)
  }
  for (const entity of input.baseline ? [] : entityCreateOrder) {
    for await (const staged of stagedChunks(trx, input, entity)) {
      // Let timers and I/O run between chunks (health checks, the API): other queries just
      // wait for the connection until this transaction commits.
      await nextTurn()
      const writes: RecordWrite[] = staged.map((row) => ({ entity, id: row.id, employerId: input.employerId, hash: row.hash, data: row.data }))
      if (input.emit) {
        const updated = staged.filter((row) => row.existed === 1).map((row) => row.id)
        const previous = await getRecordData(trx, input.connectionId, entity, updated)
        const mutations: BuiltMutation[] = []
        for (const row of staged) {
          const before = row.existed === 1 ? previous.get(row.id) : undefined
          const mutation = buildMutation(input, entity, row.id, before === undefined ? 'created' : 'updated', before ?? null, row.data)
          // A new hash over the same fields (an older hash format, or a run that lost a race
          // to another one that already stored this version) is no change: the record is
          // written again, but no `updated` without changes ever reaches a consumer.
          if (mutation.data.operation === 'updated' && mutation.data.changes.length === 0) {
            if (input.counts) {
              input.counts[entity].updated--
              input.counts[entity].unchanged++
            }
            continue
          }
          mutations.push(mutation)
        }
        emitted += await writeMutations(trx, input, mutations, now)
      }
      await upsertRecords(trx, input.connectionId, writes, now)
    }
  }

  for (const entity of entityDeleteOrder) {
    const ids = input.deletes.filter((key) => key.entity === entity).map((key) => key.id)
    for (let i = 0; i < ids.length; i += chunkSize) {
      const chunk = ids.slice(i, i + chunkSize)
      if (input.emit) {
        const previous = await getRecordData(trx, input.connectionId, entity, chunk)
        const mutations = chunk.map((id) => buildMutation(input, entity, id, 'deleted', previous.get(id) ?? null, null))
        emitted += await writeMutations(trx, input, mutations, now)
      }
      await deleteRecords(trx, input.connectionId, entity, chunk)
    }
  }

  await trx
    .insertInto('employer_cursors')
    .values({ connection_id: input.connectionId, employer_id: input.employerId, cursor: input.cursor, updated_at: now })
    .onConflict((oc) => oc.columns(['connection_id', 'employer_id']).doUpdateSet({ cursor: input.cursor, updated_at: now }))
    .execute()
  await trx.deleteFrom('staged_records').where('run_id', '=', input.runId).where('employer_id', '=', input.employerId).execute()
  // Good from this commit on, however long it took (the fence above holds the run's row).
  await renewRunLease(trx, input.runId, input.runLeaseMs, { held: true })
  return emitted
}

type StagedRecord = { position: number; entity: string; id: string; hash: string; data: string; existed: number }

/** The staged rows of one entity in fetch order, `chunkSize` at a time: from memory, or from `staged_records`. */
async function* stagedChunks(trx: Executor, input: ApplyInput, entity: Entity): AsyncGenerator<Array<Omit<StagedRecord, 'entity'>>> {
  if (input.held) {
    const rows = input.held.filter((row) => row.entity === entity)
    for (let i = 0; i < rows.length; i += chunkSize) yield rows.slice(i, i + chunkSize)
    return
  }
  for (let after = -1; ;) {
    const staged = await stagedChunk(trx, { runId: input.runId, employerId: input.employerId, entity, after, limit: chunkSize }).execute()
    if (staged.length === 0) return
    after = staged[staged.length - 1]!.position
    yield staged
  }
}

/** The next staged rows of one entity in fetch order, after `after` (a seek on `staged_records_apply`). */
export function stagedChunk(db: Executor, v: { runId: string; employerId: string; entity: string; after: number; limit: number }) {
  return db
    .selectFrom('staged_records')
    .select(['position', 'id', 'hash', 'data', 'existed'])
    .where('run_id', '=', v.runId)
    .where('employer_id', '=', v.employerId)
    .where('entity', '=', v.entity)
    .where('position', '>', v.after)
    .orderBy('position')
    .limit(v.limit)
}

/** A mutation and the stored JSON texts of its record versions (written to the log as they are, not serialized again). */
interface BuiltMutation {
  data: MutationData
  recordJson: string | null
  previousJson: string | null
}

function buildMutation(
  input: ApplyInput, entity: Entity, recordId: string, operation: Operation,
  previousJson: string | null, recordJson: string | null,
): BuiltMutation {
  const previous = previousJson === null ? null : (JSON.parse(previousJson) as Record<string, unknown>)
  const record = recordJson === null ? null : (JSON.parse(recordJson) as Record<string, unknown>)
  const data: MutationData = {
    id: newId('mut'),
    sequence: 0,
    connection: input.connectionId,
    connector: input.connector,
    employerId: input.employerId,
    entity,
    recordId,
    operation,
    runId: input.runId,
    changes: operation === 'updated' ? computeChanges(previous, record) : [],
    record,
    previous,
  }
  return { data, recordJson, previousJson }
}

/** Writes mutations numbered in write order (only those written get a number) and their outbox rows. */
async function writeMutations(trx: Transaction<Database>, input: ApplyInput, built: BuiltMutation[], now: string): Promise<number> {
  if (built.length === 0) return 0
  let next = await allocateMutationSequences(trx, built.length)
  for (const { data } of built) data.sequence = next++
  for (let i = 0; i < built.length; i += 500) {
    const rows = built.slice(i, i + 500).map(({ data: m, recordJson, previousJson }) => ({
      sequence: m.sequence, id: m.id, connection_id: m.connection, connector: m.connector, employer_id: m.employerId,
      entity: m.entity, record_id: m.recordId, operation: m.operation, run_id: m.runId, changes: JSON.stringify(m.changes),
      record: recordJson, previous: previousJson, created_at: now,
    }))
    await trx.insertInto('mutations').values(rows).execute()
  }
  const mutations = built.map((m) => m.data)
  const messages: OutboxMessage[] = mutations.map((data) => ({
    id: data.id, type: mutationType(data), timestamp: now, connection: data.connection, sequence: data.sequence,
    orderingKey: mutationOrderingKey(data), data,
  }))
  await input.outbox.enqueue(trx, messages)
  return mutations.length
}

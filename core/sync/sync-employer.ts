import type { ConnectionSpec } from '../connection-spec.js'
import type { ConnectorContext, ConnectorDefinition, EmployerRef, SyncMode } from '../connector.js'
import { forEmployer } from '../connector-context.js'
import { toErrorInfo } from '../errors.js'
import type { Db } from '../storage/open-database.js'
import { openBaselineStage } from '../storage/baseline-stage.js'
import { loadEmployerHashes } from '../storage/records.js'
import type { Outbox } from '../webhooks/outbox.js'
import { applyStaged } from './apply-staged.js'
import { emptyCounts, type RunCounts } from './entity-counts.js'
import { inferDeletes } from './infer-deletes.js'
import { createVanishedLog, keepInvalid, keepVanished, type InvalidSourceRecord } from './keep-vanished.js'
import { stageFetch } from './stage-fetch.js'
import type { InvalidRecord } from './validate-record.js'

export interface EmployerResult {
  employer: string
  employerId: string | null
  status: 'succeeded' | 'failed' | 'held'
  mode: SyncMode
  baseline: boolean
  counts: RunCounts
  mutations: number
  invalid: InvalidRecord[]
  error: { code: string; message: string } | null
  durationMs: number
}

export interface SyncEmployerInput {
  db: Db
  outbox: Outbox
  connector: ConnectorDefinition
  connection: Pick<ConnectionSpec, 'id' | 'initialSync' | 'deleteGuard'>
  runId: string
  employer: EmployerRef
  mode: SyncMode
  force: boolean
  /** The connection's context (`createConnectorContext`); the employer's fetch context is made from it. */
  ctx: ConnectorContext
  /** The run's lease (`storage.run_lease`); the commit renews it. */
  runLeaseMs: number
}

/**
 * One employer of a run: stream the fetch into staging, decide deletes (infer-deletes.ts)
 * and the delete guard, then apply everything in ONE transaction. A fetch that throws
 * commits nothing: the staging rows are dropped and the snapshot is as before.
 */
export async function syncEmployer(input: SyncEmployerInput): Promise<EmployerResult> {
  const { db, connection, employer, ctx } = input
  const started = Date.now()
  const state = await db
    .selectFrom('employer_cursors').select('cursor')
    .where('connection_id', '=', connection.id).where('employer_id', '=', employer.id)
    .executeTakeFirst()
  const baseline = connection.initialSync === 'baseline' && state === undefined
  const cursor = state?.cursor ? state.cursor : null
  const mode: SyncMode = input.mode === 'incremental' && input.connector.incremental && cursor !== null ? 'incremental' : 'full'
  const result = (status: EmployerResult['status'], counts: RunCounts, extra: Partial<EmployerResult> = {}): EmployerResult => ({
    employer: employer.ref, employerId: employer.id, status, mode, baseline, counts, mutations: 0, invalid: [], error: null,
    durationMs: Date.now() - started, ...extra,
  })
  const hashes = await loadEmployerHashes(db, connection.id, employer.id)
  let storedCount = 0
  for (const table of hashes.values()) storedCount += table.size
  // A baseline of an employer with nothing stored emits nothing and can delete nothing: its
  // rows skip `staged_records` (baseline-stage.ts).
  const baselineStage = baseline && storedCount === 0 ? await openBaselineStage(db, input.runId) : null
  const dropStaging = async () => {
    await baselineStage?.drop(db)
    await db.deleteFrom('staged_records').where('run_id', '=', input.runId).where('employer_id', '=', employer.id).execute()
  }
  let fetched
  const vanished = createVanishedLog()
  const invalidSource: InvalidSourceRecord[] = []
  const onInvalid = (entity: InvalidSourceRecord['entity'], id: string, reason: string) => void invalidSource.push({ entity, id, reason })
  try {
    fetched = await stageFetch({
      db, connector: input.connector, runId: input.runId, hashes, baseline: baselineStage,
      ctx: forEmployer(ctx, { employer, mode, cursor, onVanished: vanished.report, onInvalid }),
    })
    // Before any delete is decided: a vanished or invalid record and its children are kept (DESIGN §3, §4).
    const scope = { connectionId: connection.id, employerId: employer.id }
    await keepVanished(db, scope, hashes, vanished.records, fetched.counts)
    await keepInvalid(db, scope, hashes, invalidSource, fetched.counts, fetched.invalid)
  } catch (error) {
    await dropStaging()
    const info = ctx.signal.aborted ? { code: 'shutdown', message: 'sync aborted: the gateway is shutting down' } : toErrorInfo(error)
    ctx.log.warn({ employerId: employer.id, code: info.code }, 'employer fetch failed')
    return result('failed', emptyCounts(), { error: info })
  }

  const deletes = await inferDeletes({
    db, connectionId: connection.id, employerId: employer.id, mode, hashes, claims: fetched.complete, partialReads: new Set(input.connector.partialReads ?? []),
  })
  for (const { entity } of deletes) fetched.counts[entity as keyof RunCounts].deleted++
  const guard = connection.deleteGuard
  if (!input.force && deletes.length > guard.minCount && deletes.length > guard.maxRatio * storedCount) {
    await dropStaging()
    ctx.log.warn({ employerId: employer.id, deletes: deletes.length, stored: storedCount }, 'delete guard held the run')
    const message = `would delete ${deletes.length} of ${storedCount} records (limit ${Math.round(guard.maxRatio * 100)}% and more than ${guard.minCount}); sync with force to apply`
    return result('held', fetched.counts, { invalid: fetched.invalid, error: { code: 'delete_guard', message } })
  }

  let mutations: number
  try {
    mutations = await db.transaction().execute((trx) =>
      applyStaged(trx, {
        connectionId: connection.id, connector: input.connector.id, employerId: employer.id, runId: input.runId,
        emit: !baseline, deletes, cursor: fetched.cursor ?? state?.cursor ?? '', outbox: input.outbox, counts: fetched.counts,
        baseline: baselineStage, runLeaseMs: input.runLeaseMs, staged: fetched.staged, held: fetched.held,
      }),
    )
  } finally {
    await baselineStage?.drop(db)
  }
  ctx.log.debug({ employerId: employer.id, stored: storedCount, deletes: deletes.length, mutations, invalid: fetched.invalid.length }, 'employer committed')
  return result('succeeded', fetched.counts, { mutations, invalid: fetched.invalid })
}

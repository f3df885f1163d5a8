import type { ConnectionSpec } from '../connection-spec.js'
import type { ConnectorDefinition, ConnectorContext, EmployerRef, EmployerResolution, HttpClient, Logger, RunOutcome, SyncMode, UpstreamNotice } from '../connector.js'
import { createConnectorContext } from '../connector-context.js'
import { toErrorInfo } from '../errors.js'
import { recordEvent } from '../record-event.js'
import { getConnectionRow, setConnectionStatus } from '../storage/connections.js'
import type { RunStatus } from '../storage/database.js'
import type { Db } from '../storage/open-database.js'
import { renewRunLease } from '../storage/run-lease.js'
import { finishRun, updateRunProgress } from '../storage/runs.js'
import type { Outbox } from '../webhooks/outbox.js'
import { addCounts, emptyCounts, type RunCounts } from './entity-counts.js'
import { syncEmployer, type EmployerResult } from './sync-employer.js'

export interface RunSyncInput {
  db: Db
  outbox: Outbox
  connector: ConnectorDefinition
  connection: ConnectionSpec
  /** The run row, already inserted as `running`. */
  runId: string
  mode: SyncMode
  force: boolean
  http: HttpClient
  log: Logger
  signal: AbortSignal
  onEmployer?: (result: EmployerResult) => void
  /** Where the connector's `ctx.upstreamNotice` reports go (core/upstream/upstream-notices.ts). */
  onUpstreamNotice?: (notice: UpstreamNotice) => void
  /** The run's lease (`storage.run_lease`, DESIGN §10): renewed every third of it while the run goes. */
  runLeaseMs: number
}

export interface RunResult {
  runId: string
  connection: string
  status: RunStatus
  counts: RunCounts
  employers: EmployerResult[]
  error: { code: string; message: string } | null
  mutations: number
}

/**
 * Syncs one connection: resolves its employers, then syncs them one after the other (each in
 * its own transaction; one failing does not stop the others), and finishes the run with its
 * status, counts and operational events.
 */
export async function runSync(runInput: RunSyncInput): Promise<RunResult> {
  const { db, connection, runId, log } = runInput
  // Losing the lease (this process stalled past it and another one failed the run) stops
  // the run like a shutdown: it could not commit anyway (the fence in applyStaged).
  const leaseLost = new AbortController()
  const input = { ...runInput, signal: AbortSignal.any([runInput.signal, leaseLost.signal]) }
  const ctx = createConnectorContext({ connection, http: input.http, log, signal: input.signal, onUpstreamNotice: input.onUpstreamNotice, runId })
  const counts = emptyCounts()
  const employers: EmployerResult[] = []
  let runError: { code: string; message: string } | null = null
  // One renewal at a time: while an employer's commit holds the run's row, a renewal waits
  // for it (on PostgreSQL each would hold a pool connection); the next one goes after it.
  let renewing = false
  const lease = setInterval(() => {
    if (renewing) return
    renewing = true
    void renewRunLease(db, runId, input.runLeaseMs).then((held) => {
      if (held || leaseLost.signal.aborted) return
      log.error({}, 'run lease lost, stopping the run')
      leaseLost.abort()
    }, (error: unknown) => log.warn({ err: { message: (error as Error).message } }, 'run lease renewal failed')).finally(() => (renewing = false))
  }, Math.max(10, Math.floor(input.runLeaseMs / 3)))
  lease.unref()
  try {
    // A connection waiting for a new authorization keeps that status: the token provider
    // reads it to refuse at once, instead of sending the refused refresh token again and
    // repeating `connection.authorization_required` on every run.
    if ((await getConnectionRow(db, connection.id))?.status !== 'needs_authorization') await setConnectionStatus(db, connection.id, 'syncing')
    const resolutions = await resolveEmployers(input.connector, ctx, connection.employers)
    for (const resolution of resolutions) {
      if (input.signal.aborted) break
      const result = resolution.ok
        ? await syncEmployer({ ...input, ctx, employer: { ref: resolution.ref, id: resolution.id } satisfies EmployerRef })
        : failedResolution(resolution, input.mode)
      employers.push(result)
      addCounts(counts, result.counts)
      input.onEmployer?.(result)
      await updateRunProgress(db, runId, counts, employers)
    }
    if (input.signal.aborted && employers.length < resolutions.length) runError = abortedError(leaseLost.signal)
  } catch (error) {
    runError = input.signal.aborted ? abortedError(leaseLost.signal) : toErrorInfo(error)
  } finally {
    clearInterval(lease)
  }

  const failed = employers.find((e) => e.status === 'failed')
  const held = employers.find((e) => e.status === 'held')
  const status: RunStatus = runError || failed ? 'failed' : held ? 'held' : 'succeeded'
  const error = runError ?? failed?.error ?? held?.error ?? null
  const mutations = employers.reduce((sum, e) => sum + e.mutations, 0)
  // The run's end, the connection's status and the run's events in one transaction: whoever
  // sees the run finished (GET /api/runs/:id) also sees its connection free and its events
  // queued, so a sync started right after it is not refused as overlapping.
  // The connector's hook before the run's end is stored: every employer is committed, failed
  // or held by now, and whoever sees the run ended sees what the hook did (its files moved).
  await afterRun(input.connector, ctx, { runId, status, employers: employers.map((e) => ({ ref: e.employer, id: e.employerId, status: e.status, error: e.error })) })
  const summary = { runId, status, mode: input.mode, counts, mutations, error, employers: employers.map((e) => ({ employer: e.employer, employerId: e.employerId, status: e.status, error: e.error })) }
  const baselined = employers.filter((e) => e.baseline && e.status === 'succeeded')
  const finished = await db.transaction().execute(async (trx) => {
    if (!(await finishRun(trx, runId, { status, counts, employers, error }))) return false
    const row = await getConnectionRow(trx, connection.id)
    const connectionStatus = row?.status === 'needs_authorization' || error?.code === 'needs_authorization' ? 'needs_authorization' : status === 'failed' ? 'failing' : 'ready'
    await setConnectionStatus(trx, connection.id, connectionStatus)
    if (baselined.length > 0) {
      await recordEvent(trx, input.outbox, { type: 'sync.baseline', connection: connection.id, data: { runId, employers: baselined.map((e) => e.employerId) } })
    }
    await recordEvent(trx, input.outbox, { type: `sync.${status === 'succeeded' ? 'succeeded' : status}` as 'sync.succeeded', connection: connection.id, data: summary })
    return true
  })
  if (!finished) {
    // Another process failed it (`lease_expired`) and may run the connection by now: its
    // status and events are that process's to write.
    log.warn({ status, mutations }, 'sync finished after losing its lease')
    return { runId, connection: connection.id, status: 'failed', counts, employers, error: { code: 'lease_expired', message: 'the run lost its lease' }, mutations }
  }
  log.info({ status, mutations, code: error?.code }, 'sync finished')
  return { runId, connection: connection.id, status, counts, employers, error, mutations }
}

/** The connector's `afterRun` hook, once every employer is committed, failed or held; its failure is logged, never the run's. */
async function afterRun(connector: ConnectorDefinition, ctx: ConnectorContext, outcome: RunOutcome): Promise<void> {
  if (!connector.afterRun) return
  try {
    await connector.afterRun(ctx, outcome)
  } catch (error) {
    ctx.log.error({ code: toErrorInfo(error).code }, 'connector afterRun failed')
  }
}

function abortedError(leaseLost: AbortSignal): { code: string; message: string } {
  return leaseLost.aborted
    ? { code: 'lease_expired', message: 'sync stopped: the run lost its lease' }
    : { code: 'shutdown', message: 'sync aborted: the gateway is shutting down' }
}

async function resolveEmployers(connector: ConnectorDefinition, ctx: ConnectorContext, refs: readonly string[]): Promise<EmployerResolution[]> {
  if (!connector.resolveEmployers) return refs.map((ref) => ({ ref, ok: true, id: ref }))
  return connector.resolveEmployers(ctx, refs)
}

function failedResolution(resolution: Extract<EmployerResolution, { ok: false }>, mode: SyncMode): EmployerResult {
  return {
    employer: resolution.ref, employerId: null, status: 'failed', mode, baseline: false, counts: emptyCounts(), mutations: 0,
    invalid: [], error: resolution.error, durationMs: 0,
  }
}

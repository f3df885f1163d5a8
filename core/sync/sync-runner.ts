import type { ConnectionSpec } from '../connection-spec.js'
import type { HttpClient, Logger, SyncMode } from '../connector.js'
import { KoppelError, toErrorInfo } from '../errors.js'
import { newId } from '../ids.js'
import type { Registry } from '../registry.js'
import type { Db } from '../storage/open-database.js'
import { claimRun } from '../storage/claim-run.js'
import { defaultRunLeaseMs } from '../storage/run-lease.js'
import { finishRun, getRun } from '../storage/runs.js'
import type { UpstreamNoticeSink } from '../upstream/upstream-notices.js'
import type { Outbox } from '../webhooks/outbox.js'
import { emptyCounts } from './entity-counts.js'
import { runSync, type RunResult } from './run-sync.js'
import type { EmployerResult } from './sync-employer.js'

export interface SyncRunnerDeps {
  db: Db
  outbox: Outbox
  registry: Registry
  connections: readonly ConnectionSpec[]
  log: Logger
  /** The upstream client for one run of a connection (auth, retries, concurrency). */
  httpFor(connection: ConnectionSpec, signal: AbortSignal): HttpClient
  /** Called after a run committed anything (wakes the webhook dispatcher). */
  onRunFinished?(result: RunResult): void
  /** Upstream deprecation notices of the connectors (logged once, counted). */
  upstreamNotices?: UpstreamNoticeSink
  /** `storage.run_lease` (DESIGN §10). Default 30 s. */
  runLeaseMs?: number
  /** Called after each employer's commit that wrote mutations (wakes the webhook dispatcher). */
  onCommitted?(): void
}

export interface TriggerOptions {
  trigger: 'schedule' | 'api' | 'cli'
  force?: boolean
  mode?: SyncMode
  onEmployer?: (result: EmployerResult) => void
}

/**
 * Starts runs and guarantees that runs of one connection never overlap, within this process
 * (an in-memory set, checked synchronously) and across processes sharing the database (the
 * database admits one running run per connection: `claimRun`). `stop()` aborts what runs
 * and waits for it to finish its current transaction.
 */
export class SyncRunner {
  readonly #running = new Map<string, { runId: string; controller: AbortController; done: Promise<RunResult> }>()

  constructor(private readonly deps: SyncRunnerDeps) {}

  isRunning(connectionId: string): boolean {
    return this.#running.has(connectionId)
  }

  connection(connectionId: string): ConnectionSpec {
    const connection = this.deps.connections.find((c) => c.id === connectionId)
    if (!connection) throw new KoppelError('not_found', `connection "${connectionId}" is not configured`)
    return connection
  }

  /** Inserts the run row and starts it in the background. */
  async trigger(connectionId: string, options: TriggerOptions): Promise<{ runId: string; done: Promise<RunResult> }> {
    const connection = this.connection(connectionId)
    const connector = this.deps.registry.get(connection.connector)
    if (!connector) throw new KoppelError('not_found', `connector "${connection.connector}" is not registered`)
    await this.#settleEnded(connectionId)
    // Checked and taken with no await in between: of two requests at once, one gets 409.
    if (this.#running.has(connectionId)) throw new KoppelError('run_in_progress', `a sync of "${connectionId}" is already running`)
    const controller = new AbortController()
    const runId = newId('run')
    const slot = { runId, controller, done: Promise.resolve(undefined as unknown as RunResult) }
    this.#running.set(connectionId, slot)
    let claimed = false
    try {
      const mode = options.mode ?? 'full'
      const runLeaseMs = this.deps.runLeaseMs ?? defaultRunLeaseMs
      await claimRun(this.deps.db, { id: runId, connectionId, mode, trigger: options.trigger, force: options.force ?? false, counts: emptyCounts() }, { leaseMs: runLeaseMs })
      claimed = true
      const log = this.deps.log.child({ connection: connectionId, runId })
      log.info({ mode, trigger: options.trigger, force: options.force ?? false }, 'sync started')
      slot.done = runSync({
        db: this.deps.db, outbox: this.deps.outbox, connector, connection, runId, mode, force: options.force ?? false,
        http: this.deps.httpFor(connection, controller.signal), log, signal: controller.signal, runLeaseMs,
        onEmployer: (result) => {
          if (result.mutations > 0) this.deps.onCommitted?.()
          options.onEmployer?.(result)
        },
        onUpstreamNotice: (notice) => this.deps.upstreamNotices?.(connector.id, notice),
      }).finally(() => this.#running.delete(connectionId))
      void slot.done.then((result) => this.deps.onRunFinished?.(result), (error: unknown) => log.error({ err: String(error) }, 'run crashed'))
      return { runId, done: slot.done }
    } catch (error) {
      this.#running.delete(connectionId)
      // A claimed run that never started would hold its connection until its lease runs out.
      if (claimed) await finishRun(this.deps.db, runId, { status: 'failed', counts: emptyCounts(), employers: [], error: toErrorInfo(error) })
      throw error
    }
  }

  /**
   * Waits for this process's run of the connection when the database already holds its end:
   * a client that saw it ended (GET /api/runs/:id, possibly from another replica) may start
   * the next one before this process has heard its own commit back.
   */
  async #settleEnded(connectionId: string): Promise<void> {
    for (let slot = this.#running.get(connectionId); slot; slot = this.#running.get(connectionId)) {
      const row = await getRun(this.deps.db, slot.runId)
      if (!row || row.status === 'running') return
      await slot.done.catch(() => undefined)
    }
  }

  /** Aborts running syncs; each finishes or drops its current employer, never half-commits. */
  async stop(): Promise<void> {
    const slots = [...this.#running.values()]
    for (const slot of slots) slot.controller.abort()
    await Promise.allSettled(slots.map((slot) => slot.done))
  }
}

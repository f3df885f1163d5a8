import { Cron } from 'croner'
import type { ConnectionSpec } from './connection-spec.js'
import type { Logger, SyncMode } from './connector.js'
import { isKoppelError } from './errors.js'
import { failExpiredRuns } from './storage/run-lease.js'
import { claimScheduleTick } from './storage/schedule-ticks.js'
import type { Db } from './storage/open-database.js'
import type { SyncRunner } from './sync/sync-runner.js'

/** What a tick did: started a run, or skipped (a run was going, or another replica took the tick). */
export type TickOutcome = 'started' | 'running' | 'claimed_elsewhere' | 'failed'

export interface SchedulerDeps {
  connections: readonly ConnectionSpec[]
  runner: SyncRunner
  log: Logger
  /** Where ticks are claimed, so a tick fires on one replica only. */
  db: Db
  /** The clock that names a tick (tests inject one). */
  now?: () => Date
  /**
   * `storage.run_lease`: every third of it the scheduler fails the runs whose lease ran out
   * (their process died, on this host or another replica) with `lease_expired`, so a dead
   * replica's run ends within the lease even when nobody starts a new one. Default 30 s.
   */
  runLeaseMs?: number
}

/**
 * One croner job per schedule of every enabled connection: `schedule` runs incremental
 * syncs, `fullSyncSchedule` full ones. A tick while the connection is syncing is skipped
 * and logged (the runner refuses overlapping runs, in this process and across processes).
 * With several replicas on one database each tick fires on one of them: the first to claim
 * it in the database (`claimScheduleTick`) runs it.
 */
export class Scheduler {
  readonly #jobs = new Map<string, Cron[]>()
  #sweep: NodeJS.Timeout | undefined

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    this.#sweep ??= setInterval(() => void this.sweepExpiredRuns(), Math.max(250, Math.floor((this.deps.runLeaseMs ?? 30_000) / 3)))
    this.#sweep.unref()
    for (const connection of this.deps.connections) {
      if (!connection.enabled) continue
      const jobs: Cron[] = []
      if (connection.schedule) jobs.push(this.#job(connection, connection.schedule, 'incremental'))
      if (connection.fullSyncSchedule) jobs.push(this.#job(connection, connection.fullSyncSchedule, 'full'))
      this.#jobs.set(connection.id, jobs)
    }
  }

  /** Fails the runs whose lease ran out; returns their ids. */
  async sweepExpiredRuns(): Promise<string[]> {
    try {
      const failed = await failExpiredRuns(this.deps.db)
      if (failed.length > 0) this.deps.log.warn({ runs: failed }, 'runs whose lease ran out marked failed (lease_expired)')
      return failed
    } catch (error) {
      this.deps.log.warn({ err: { message: (error as Error).message } }, 'sweeping expired run leases failed')
      return []
    }
  }

  stop(): void {
    if (this.#sweep) clearInterval(this.#sweep)
    this.#sweep = undefined
    for (const jobs of this.#jobs.values()) for (const job of jobs) job.stop()
    this.#jobs.clear()
  }

  nextRunAt(connectionId: string): Date | null {
    const next = (this.#jobs.get(connectionId) ?? []).map((job) => job.nextRun()).filter((d): d is Date => d !== null)
    return next.sort((a, b) => a.getTime() - b.getTime())[0] ?? null
  }

  /**
   * Fires the tick of `pattern` that is due at the clock's now (its nominal time: the latest
   * time the pattern names up to now, the same on every replica whatever its timer's delay).
   */
  async tick(connectionId: string, mode: SyncMode, pattern: string): Promise<TickOutcome> {
    const connection = this.deps.connections.find((c) => c.id === connectionId)
    if (!connection) throw new Error(`connection "${connectionId}" is not configured`)
    const log = this.deps.log.child({ connection: connection.id })
    const now = (this.deps.now ?? (() => new Date()))()
    const probe = new Cron(pattern, { timezone: connection.timezone, paused: true })
    // A tick fires at its time or a little after: the latest scheduled time up to now (+1 ms: inclusive).
    const tickAt = probe.previousRuns(1, new Date(now.getTime() + 1))[0] ?? now
    probe.stop()
    if (this.deps.runner.isRunning(connection.id)) {
      log.info({ mode }, 'scheduled sync skipped: a run is still going')
      return 'running'
    }
    try {
      if (!(await claimScheduleTick(this.deps.db, { connectionId: connection.id, schedule: mode, tickAt, now }))) {
        log.debug({ mode, tickAt: tickAt.toISOString() }, 'scheduled tick taken by another replica')
        return 'claimed_elsewhere'
      }
      await this.deps.runner.trigger(connection.id, { trigger: 'schedule', mode })
      return 'started'
    } catch (error) {
      if (isKoppelError(error) && error.code === 'run_in_progress') {
        log.info({ mode }, 'scheduled sync skipped: a run is still going')
        return 'running'
      }
      log.error({ mode, code: isKoppelError(error) ? error.code : 'internal_error' }, 'scheduled sync could not start')
      return 'failed'
    }
  }

  #job(connection: ConnectionSpec, pattern: string, mode: SyncMode): Cron {
    return new Cron(pattern, { timezone: connection.timezone, name: `${connection.id}:${mode}` }, async () => {
      await this.tick(connection.id, mode, pattern)
    })
  }
}

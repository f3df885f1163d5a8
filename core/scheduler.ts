import { Cron } from 'croner'
import type { ConnectionSpec } from './connection-spec.js'
import type { Logger, SyncMode } from './connector.js'
import { isKoppelError } from './errors.js'
import type { SyncRunner } from './sync/sync-runner.js'

/**
 * One croner job per schedule of every enabled connection: `schedule` runs incremental
 * syncs, `fullSyncSchedule` full ones. A tick while the connection is syncing is skipped
 * and logged (the runner refuses overlapping runs, in this process and across processes).
 */
export class Scheduler {
  readonly #jobs = new Map<string, Cron[]>()

  constructor(private readonly deps: { connections: readonly ConnectionSpec[]; runner: SyncRunner; log: Logger }) {}

  start(): void {
    for (const connection of this.deps.connections) {
      if (!connection.enabled) continue
      const jobs: Cron[] = []
      if (connection.schedule) jobs.push(this.#job(connection, connection.schedule, 'incremental'))
      if (connection.fullSyncSchedule) jobs.push(this.#job(connection, connection.fullSyncSchedule, 'full'))
      this.#jobs.set(connection.id, jobs)
    }
  }

  stop(): void {
    for (const jobs of this.#jobs.values()) for (const job of jobs) job.stop()
    this.#jobs.clear()
  }

  nextRunAt(connectionId: string): Date | null {
    const next = (this.#jobs.get(connectionId) ?? []).map((job) => job.nextRun()).filter((d): d is Date => d !== null)
    return next.sort((a, b) => a.getTime() - b.getTime())[0] ?? null
  }

  #job(connection: ConnectionSpec, pattern: string, mode: SyncMode): Cron {
    const log = this.deps.log.child({ connection: connection.id })
    return new Cron(pattern, { timezone: connection.timezone, name: `${connection.id}:${mode}` }, async () => {
      if (this.deps.runner.isRunning(connection.id)) {
        log.info({ mode }, 'scheduled sync skipped: a run is still going')
        return
      }
      try {
        await this.deps.runner.trigger(connection.id, { trigger: 'schedule', mode })
      } catch (error) {
        if (isKoppelError(error) && error.code === 'run_in_progress') log.info({ mode }, 'scheduled sync skipped: a run is still going')
        else log.error({ mode, code: isKoppelError(error) ? error.code : 'internal_error' }, 'scheduled sync could not start')
      }
    })
  }
}

import type { Logger } from 'pino'
import { parseDuration, type RetentionConfig } from '../config/schema.js'
import type { Db } from './storage/open-database.js'
import { pruneDeliveryBatch, type PruneStep } from './storage/prune-deliveries.js'
import { pruneEventBatch, pruneMutationBatch } from './storage/prune-mutations.js'
import { deleteOrphanedStaging, pruneRunBatch } from './storage/prune-runs.js'

/** What one pass removed. */
export interface PruneCounts {
  deliveries: number
  mutations: number
  events: number
  runs: number
  stagedRecords: number
}

export interface RetentionPrunerOptions {
  db: Db
  retention: RetentionConfig
  log: Logger
  /** Time between background passes. Default 1 hour; the first pass runs a minute after `start()`. */
  intervalMs?: number
  firstPassAfterMs?: number
  /** Rows looked at per transaction. Default 500. */
  batchSize?: number
  /** Pause between batches of a background pass, so syncs and deliveries go first. Default 10 ms. */
  pauseMs?: number
}

export interface RetentionPruner {
  start(): void
  /** Ends the pass in progress after its current batch, and the timer. */
  stop(): Promise<void>
  /**
   * One pass now (`tsx gateway.ts prune`, tests): every table down to its window measured
   * from `now`, without pausing between batches. Waits for a background pass in progress.
   */
  pruneNow(options?: { now?: Date }): Promise<PruneCounts>
}

/**
 * Applies `retention:` (DESIGN §5) in the background. Each batch is one short transaction
 * over at most `batchSize` rows; between batches the pass yields to the event loop (and
 * pauses a little), so a sync's staging, a run's commit or a dispatcher claim never waits
 * long behind it. better-sqlite3 is synchronous, so "short" is what keeps this fair.
 *
 * Space: SQLite reuses the pages freed by pruning for new rows, so once history has reached
 * its windows the file stops growing instead of shrinking. `auto_vacuum` is left as it is
 * (NONE on existing files: switching it needs a full VACUUM, which rewrites the whole file
 * under an exclusive lock); README says how to VACUUM offline to hand space back.
 */
export function createRetentionPruner(options: RetentionPrunerOptions): RetentionPruner {
  const { db, log } = options
  const windows = {
    mutations: parseDuration(options.retention.mutations),
    deliveries: parseDuration(options.retention.deliveries),
    runs: parseDuration(options.retention.runs),
  }
  const batchSize = options.batchSize ?? 500
  let timer: NodeJS.Timeout | undefined
  let running: Promise<PruneCounts> | undefined
  let stopping = false

  const turn = (pauseMs: number) => new Promise<void>((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)))

  /**
   * A batch that lost the write lock to another process (the server beside `prune`, or the
   * other way round) is tried again: a deferred transaction whose read snapshot went stale
   * gets SQLITE_BUSY at once, without the busy timeout.
   */
  async function retried<T>(batch: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await batch()
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? '')
        if (!code.startsWith('SQLITE_BUSY') || attempt >= 20) throw error
        await turn(50 * attempt)
      }
    }
  }

  async function drain(step: (after: number) => Promise<PruneStep>, pauseMs: number): Promise<number> {
    let after = 0
    let pruned = 0
    while (!stopping) {
      const result = await retried(() => step(after))
      pruned += result.pruned
      after = result.after
      if (result.done) break
      await turn(pauseMs)
    }
    return pruned
  }

  async function pass(now: Date, pauseMs: number): Promise<PruneCounts> {
    const cutoff = (ms: number) => new Date(now.getTime() - ms).toISOString()
    const limit = batchSize
    // Deliveries first: what they no longer need frees their mutations in the same pass.
    const deliveries = await drain((after) => pruneDeliveryBatch(db, { cutoff: cutoff(windows.deliveries), after, limit }), pauseMs)
    const mutations = await drain((after) => pruneMutationBatch(db, { cutoff: cutoff(windows.mutations), after, limit }), pauseMs)
    const events = await drain((after) => pruneEventBatch(db, { cutoff: cutoff(windows.mutations), after, limit }), pauseMs)
    let runs = 0
    while (!stopping) {
      const deleted = await retried(() => pruneRunBatch(db, { cutoff: cutoff(windows.runs), limit }))
      runs += deleted
      if (deleted < limit) break
      await turn(pauseMs)
    }
    const stagedRecords = stopping ? 0 : await retried(() => deleteOrphanedStaging(db))
    return { deliveries, mutations, events, runs, stagedRecords }
  }

  function run(now: Date, pauseMs: number): Promise<PruneCounts> {
    const current = pass(now, pauseMs).finally(() => {
      if (running === current) running = undefined
    })
    running = current
    return current
  }

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      // Overlap protection: a pass still going (a slow disk, a huge backlog) is not doubled.
      if (running) return schedule(options.intervalMs ?? 3_600_000)
      run(new Date(), options.pauseMs ?? 10)
        .then((counts) => {
          if (Object.values(counts).some((n) => n > 0)) log.info({ ...counts }, 'retention pruned')
        })
        .catch((error: unknown) => log.error({ err: { message: (error as Error).message } }, 'retention pass failed'))
        .finally(() => {
          if (!stopping) schedule(options.intervalMs ?? 3_600_000)
        })
    }, delayMs)
    timer.unref()
  }

  return {
    start() {
      stopping = false
      if (!timer) schedule(options.firstPassAfterMs ?? 60_000)
    },
    async stop() {
      stopping = true
      clearTimeout(timer)
      timer = undefined
      await running?.catch(() => {})
    },
    async pruneNow(request = {}) {
      while (running) await running.catch(() => {})
      return run(request.now ?? new Date(), 0)
    },
  }
}

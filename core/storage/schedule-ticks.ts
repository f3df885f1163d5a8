import type { Executor } from './database.js'
import { runOwner } from './run-lease.js'

/** Tick rows older than this are deleted by the next claim: long past any replica's clock skew. */
const keepTicksMs = 24 * 3_600_000

/**
 * Claims one scheduled tick for this process (DESIGN §10: each tick fires on one replica
 * only): inserts `(connection, schedule, tick_at)` unless a row exists. The replica whose
 * insert lands runs the tick; the others see `false` and skip it. `tickAt` is the tick's
 * nominal time, the same on every replica. Rows of old ticks are deleted on the way.
 */
export async function claimScheduleTick(db: Executor, tick: { connectionId: string; schedule: string; tickAt: Date; now?: Date }): Promise<boolean> {
  const now = tick.now ?? new Date()
  const inserted = await db
    .insertInto('schedule_ticks')
    .values({ connection_id: tick.connectionId, schedule: tick.schedule, tick_at: tick.tickAt.toISOString(), claimed_at: now.toISOString(), owner: runOwner })
    .onConflict((oc) => oc.columns(['connection_id', 'schedule', 'tick_at']).doNothing())
    .executeTakeFirst()
  await db.deleteFrom('schedule_ticks').where('claimed_at', '<', new Date(now.getTime() - keepTicksMs).toISOString()).execute()
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0
}

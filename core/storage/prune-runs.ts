import { sql } from 'kysely'
import type { Db } from './open-database.js'

/**
 * One batch of run retention: deletes up to `limit` runs finished before `cutoff` (ISO).
 * Never a running one, and never the newest run of a connection (its `lastRun` stays
 * visible however long ago it was). Returns how many went; fewer than `limit` ends the pass.
 */
export async function pruneRunBatch(db: Db, options: { cutoff: string; limit: number }): Promise<number> {
  const result = await db
    .deleteFrom('runs')
    .where('id', 'in', db
      .selectFrom('runs as r')
      .select('r.id')
      .where('r.status', '<>', 'running')
      .where(sql<string>`COALESCE(r.finished_at, r.started_at)`, '<', options.cutoff)
      .where(sql<boolean>`EXISTS (SELECT 1 FROM runs AS newer WHERE newer.connection_id = r.connection_id
        AND (newer.started_at > r.started_at OR (newer.started_at = r.started_at AND newer.id > r.id)))`)
      .limit(options.limit))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * Staged records whose run is not running (a crashed or failed run that could not clean up
 * after itself). Start-up removes them too (`failStaleRuns`); the pruner sweeps them again.
 */
export async function deleteOrphanedStaging(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('staged_records')
    .where('run_id', 'not in', db.selectFrom('runs').select('id').where('status', '=', 'running'))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

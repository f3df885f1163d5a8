import type { MutationRow } from './database.js'
import type { Db } from './open-database.js'

/**
 * The newest mutations of one connection, newest first: the console's "Laatste wijzigingen".
 * The feed (`GET /api/mutations`) pages forward from a sequence, which suits a consumer
 * catching up but not a person asking what happened last.
 */
export async function latestMutations(db: Db, options: { connectionId: string; limit: number }): Promise<MutationRow[]> {
  return db.selectFrom('mutations').selectAll().where('connection_id', '=', options.connectionId).orderBy('sequence', 'desc').limit(options.limit).execute()
}

import type { Executor } from './database.js'

/**
 * The cross-process half of the token refresh's single flight (DESIGN §9): a process takes
 * the connection's `refreshing_until` before it sends the refresh token, so two processes or
 * replicas never use one refresh token twice (with rotating tokens the second use would be
 * refused and cost the authorization). The conditional UPDATE admits one taker; a lease that
 * ran out (its process died mid-refresh) can be taken again.
 */
export async function claimRefreshLease(db: Executor, connectionId: string, leaseMs: number, now = Date.now()): Promise<boolean> {
  const at = new Date(now).toISOString()
  const result = await db
    .updateTable('connections')
    .set({ refreshing_until: new Date(now + leaseMs).toISOString() })
    .where('id', '=', connectionId)
    .where((eb) => eb.or([eb('refreshing_until', 'is', null), eb('refreshing_until', '<=', at)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Gives the lease back once the new tokens are stored (or the refresh failed). */
export async function releaseRefreshLease(db: Executor, connectionId: string): Promise<void> {
  await db.updateTable('connections').set({ refreshing_until: null }).where('id', '=', connectionId).execute()
}

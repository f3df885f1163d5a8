import type { Executor, SubscriptionRow } from './database.js'


/**
 * One row per configured webhook, created at start-up. An existing row keeps its status, so
 * a subscription disabled by a `410 Gone` stays disabled across restarts until an admin
 * enables it (`POST /api/webhooks/:id/enable`). Rows of webhooks removed from the config
 * are kept: their deliveries still reference them.
 */
export async function syncSubscriptions(db: Executor, webhooks: readonly { id: string }[]): Promise<void> {
  if (webhooks.length === 0) return
  const now = new Date().toISOString()
  await db
    .insertInto('subscriptions')
    .values(webhooks.map((webhook) => ({ id: webhook.id, status: 'enabled' as const, disabled_reason: null, disabled_at: null, updated_at: now })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

export async function listSubscriptions(db: Executor): Promise<SubscriptionRow[]> {
  return db.selectFrom('subscriptions').selectAll().execute()
}

export async function disableSubscription(db: Executor, id: string, reason: string, now: string): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ status: 'disabled', disabled_reason: reason, disabled_at: now, updated_at: now })
    .where('id', '=', id)
    .execute()
}

/** Clears a disable; returns false when the subscription row does not exist. */
export async function enableSubscription(db: Executor, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ status: 'enabled', disabled_reason: null, disabled_at: null, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

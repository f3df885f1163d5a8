import { KoppelError } from '../errors.js'
import { rowsPerStatement } from './cached-by-size.js'
import { announceChange } from './change-signal.js'
import { refreshStatistics } from './table-statistics.js'
import type { Executor, DeliveryStatus, NewDelivery } from './database.js'

// Moved to their own modules; still importable from here, where they were.
export { claimDeliveries } from './claim-deliveries.js'
export type { DeliveryOutcome } from './record-attempts.js'


/** A delivery to queue with a body of its own; the body is stored apart, in `delivery_payloads`. */
export type NewDeliveryWithPayload = NewDelivery & { payload: string }

/** A message's full body, stored once for all its deliveries (`message_payloads`). */
export interface MessagePayload {
  message_id: string
  payload: string
}

/**
 * Writes message bodies once each, then delivery rows that send them (no body of their own).
 * A message whose body is already stored (a replay) keeps it, so a replay sends the bytes
 * the first attempt sent. Other processes' dispatchers are told at commit (`announceChange`).
 */
export async function insertMessageDeliveries(db: Executor, bodies: readonly MessagePayload[], rows: readonly NewDelivery[]): Promise<void> {
  // Bodies can be large: fewer per statement than narrow rows.
  for (let i = 0; i < bodies.length; i += 100) {
    await db.insertInto('message_payloads').values(bodies.slice(i, i + 100)).onConflict((oc) => oc.column('message_id').doNothing()).execute()
  }
  for (let i = 0; i < rows.length; i += rowsPerStatement) await db.insertInto('deliveries').values(rows.slice(i, i + rowsPerStatement)).execute()
  await refreshStatistics(db, 'deliveries', rows.length)
  if (rows.length > 0) await announceChange(db)
}

const deliveryKey = (row: { subscription_id: string; message_id: string }) => `${row.subscription_id}\u0000${row.message_id}`

/**
 * Writes delivery rows, then their bodies. The order of RETURNING rows is unspecified
 * (SQLite documents it as arbitrary), so new ids are matched back by (subscription, message):
 * a message has one delivery per subscription, so the pair is unique within one statement.
 * Other processes' dispatchers are told at commit (`announceChange`).
 */
export async function insertDeliveries(db: Executor, rows: readonly NewDeliveryWithPayload[]): Promise<void> {
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const payloads = new Map<string, string>()
    const narrow = rows.slice(i, i + rowsPerStatement).map(({ payload, ...row }) => {
      const key = deliveryKey(row)
      if (payloads.has(key)) throw new KoppelError('internal_error', `two deliveries of ${row.message_id} to ${row.subscription_id} in one insert`)
      payloads.set(key, payload)
      return row
    })
    const inserted = await db.insertInto('deliveries').values(narrow).returning(['id', 'subscription_id', 'message_id']).execute()
    const bodies = inserted.map((row) => {
      const key = deliveryKey(row)
      const payload = payloads.get(key)
      if (payload === undefined) throw new KoppelError('internal_error', `inserted delivery ${row.id} matches no row of the insert`)
      payloads.delete(key)
      return { delivery_id: row.id, payload }
    })
    if (payloads.size > 0) throw new KoppelError('internal_error', `${payloads.size} inserted deliveries came back without an id`)
    await db.insertInto('delivery_payloads').values(bodies).execute()
  }
  if (rows.length > 0) await announceChange(db)
}

export async function countDeliveriesByStatus(db: Executor): Promise<{ subscriptionId: string; status: DeliveryStatus; count: number }[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['subscription_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['subscription_id', 'status'])
    .execute()
  return rows.map((row) => ({ subscriptionId: row.subscription_id, status: row.status, count: Number(row.count) }))
}

/** Whether any of these subscriptions, while enabled, still has an unfinished delivery. */
export async function hasUnfinishedDeliveries(db: Executor, subscriptionIds: readonly string[]): Promise<boolean> {
  if (subscriptionIds.length === 0) return false
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
    .select('deliveries.id')
    .where('subscriptions.status', '=', 'enabled')
    .where('deliveries.subscription_id', 'in', [...subscriptionIds])
    .where('deliveries.status', 'in', ['pending', 'delivering'])
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

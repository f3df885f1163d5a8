import type { Kysely } from 'kysely'
import type { Database, DeliveryStatus } from './database.js'

export interface DeliveryListRow {
  id: number
  message_id: string
  sequence: number | null
  status: DeliveryStatus
  /** The delivery's own body, else its message's full body (before `exclude_fields`); read for its `type`. */
  payload: string
  attempts: number
  next_attempt_at: string
  last_error: string | null
  created_at: string
  finished_at: string | null
  attemptRows: { number: number; started_at: string; duration_ms: number; status_code: number | null; error_class: string | null; response_body: string | null }[]
}

/** One page of a subscription's deliveries in id order, each with its attempts. */
export async function listDeliveries(
  db: Kysely<Database>,
  options: { subscriptionId: string; status?: DeliveryStatus; after?: number; limit: number },
): Promise<{ rows: DeliveryListRow[]; more: boolean }> {
  let query = db
    .selectFrom('deliveries as d')
    .leftJoin('delivery_payloads as p', 'p.delivery_id', 'd.id')
    .leftJoin('message_payloads as m', 'm.message_id', 'd.message_id')
    .select(['d.id', 'd.message_id', 'd.sequence', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_error', 'd.created_at', 'd.finished_at'])
    .select((eb) => eb.fn.coalesce('p.payload', 'm.payload', eb.val('')).as('payload'))
    .where('d.subscription_id', '=', options.subscriptionId)
  if (options.status) query = query.where('d.status', '=', options.status)
  if (options.after !== undefined) query = query.where('d.id', '>', options.after)
  const rows = await query.orderBy('d.id').limit(options.limit + 1).execute()
  const page = rows.slice(0, options.limit)
  const attempts = page.length
    ? await db
        .selectFrom('delivery_attempts')
        .select(['delivery_id', 'number', 'started_at', 'duration_ms', 'status_code', 'error_class', 'response_body'])
        .where('delivery_id', 'in', page.map((row) => row.id))
        .orderBy('delivery_id')
        .orderBy('number')
        .execute()
    : []
  const byDelivery = new Map<number, DeliveryListRow['attemptRows']>()
  for (const { delivery_id, ...attempt } of attempts) {
    const list = byDelivery.get(delivery_id) ?? []
    list.push(attempt)
    byDelivery.set(delivery_id, list)
  }
  return { rows: page.map((row) => ({ ...row, attemptRows: byDelivery.get(row.id) ?? [] })), more: rows.length > options.limit }
}

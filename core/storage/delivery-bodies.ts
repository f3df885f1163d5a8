import { cachedBySize, rowsPerStatement } from './cached-by-size.js'
import type { Executor } from './database.js'
import { preparedQuery } from './prepared-query.js'

/** What a delivery sends: its own stored body, or its message's body with the subscription's `exclude_fields` still to apply. */
export interface DeliveryBody {
  payload: string
  /** True when `payload` is the message's full body (`message_payloads`), false for a delivery's own. */
  messageBody: boolean
}

const bodiesQuery = cachedBySize((rows) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db
      .selectFrom('deliveries as d')
      .leftJoin('delivery_payloads as p', 'p.delivery_id', 'd.id')
      .leftJoin('message_payloads as m', 'm.message_id', 'd.message_id')
      .select(['d.id', 'p.payload as own', 'm.payload as shared'])
      .where('d.id', 'in', Array.from({ length: rows }, (_, i) => v[`id_${i}`] as number)),
  ))

/**
 * The bodies of these deliveries by id, one statement per 500: a delivery's own body first
 * (queued before `message_payloads`, or refused), else its message's. A delivery with
 * neither is left out.
 */
export async function readDeliveryBodies(db: Executor, ids: readonly number[]): Promise<Map<number, DeliveryBody>> {
  const bodies = new Map<number, DeliveryBody>()
  for (let i = 0; i < ids.length; i += rowsPerStatement) {
    const chunk = ids.slice(i, i + rowsPerStatement)
    const values: Record<string, unknown> = {}
    chunk.forEach((id, j) => (values[`id_${j}`] = id))
    for (const row of (await bodiesQuery(chunk.length)(db, values)).rows) {
      if (row.own !== null) bodies.set(row.id, { payload: row.own, messageBody: false })
      else if (row.shared !== null) bodies.set(row.id, { payload: row.shared, messageBody: true })
    }
  }
  return bodies
}

import { sql, type Kysely, type Transaction } from 'kysely'
import { KoppelError } from '../errors.js'
import type { Database, DeliveryRow, DeliveryStatus, NewDelivery, NewDeliveryAttempt } from './database.js'
import { preparedQuery } from './prepared-query.js'

type Executor = Kysely<Database> | Transaction<Database>

/** SQLite allows 32766 bound variables per statement; 500 rows × 10 columns stays far below. */
const insertChunk = 500

/** A delivery to queue with its body; the body is stored apart, in `delivery_payloads`. */
export type NewDeliveryWithPayload = NewDelivery & { payload: string }

const deliveryKey = (row: { subscription_id: string; message_id: string }) => `${row.subscription_id}\u0000${row.message_id}`

/**
 * Writes delivery rows, then their bodies. The order of RETURNING rows is unspecified
 * (SQLite documents it as arbitrary), so new ids are matched back by (subscription, message):
 * a message has one delivery per subscription, so the pair is unique within one statement.
 */
export async function insertDeliveries(db: Executor, rows: readonly NewDeliveryWithPayload[]): Promise<void> {
  for (let i = 0; i < rows.length; i += insertChunk) {
    const payloads = new Map<string, string>()
    const narrow = rows.slice(i, i + insertChunk).map(({ payload, ...row }) => {
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
}

export type ClaimedDelivery = Pick<DeliveryRow, 'id' | 'subscription_id' | 'message_id' | 'attempts'> & { payload: string }

/** Multi-row statements by row count: compiled once per size, as results come in similar batches. */
const cached = <Q>(cache: Map<number, Q>, rows: number, make: (rows: number) => Q): Q => {
  let query = cache.get(rows)
  if (!query) cache.set(rows, (query = make(rows)))
  return query
}

/** Deliveries whose lease ran out (their dispatcher died mid-attempt) become due again. */
export async function releaseExpiredLeases(db: Executor, now: string): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'pending', lease_until: null })
    .where('status', '=', 'delivering')
    .where('lease_until', '<=', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

type ClaimValues = { subscriptionId: string; now: string; leaseUntil: string; limit: number }

const claimQuery = preparedQuery((db, v: ClaimValues) =>
  db
    .updateTable('deliveries')
    .set({ status: 'delivering', lease_until: v.leaseUntil })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('deliveries as d')
        .select('d.id')
        .where('d.subscription_id', '=', v.subscriptionId)
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', v.now)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('deliveries as e')
                .select(sql<number>`1`.as('one'))
                .whereRef('e.subscription_id', '=', 'd.subscription_id')
                .whereRef('e.ordering_key', '=', 'd.ordering_key')
                .whereRef('e.id', '<', 'd.id')
                // Literal values so SQLite can use the partial index `deliveries_open`.
                .where(sql<boolean>`${sql.ref('e.status')} in ('pending', 'delivering')`),
            ),
          ),
        )
        .orderBy('d.next_attempt_at')
        .orderBy('d.id')
        .limit(v.limit),
    )
    .returning(['id', 'subscription_id', 'message_id', 'attempts']),
)

const payloadsQueries = new Map<number, ReturnType<typeof payloadsQuery>>()
const payloadsQuery = (rows: number) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db
      .selectFrom('delivery_payloads')
      .select(['delivery_id', 'payload'])
      .where('delivery_id', 'in', Array.from({ length: rows }, (_, i) => v[`id_${i}`] as number)),
  )

/** The bodies of these deliveries by id, one statement per 500. */
async function readPayloads(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const payloads = new Map<number, string>()
  for (let i = 0; i < ids.length; i += insertChunk) {
    const chunk = ids.slice(i, i + insertChunk)
    const values: Record<string, unknown> = {}
    chunk.forEach((id, j) => (values[`id_${j}`] = id))
    for (const row of (await cached(payloadsQueries, chunk.length, payloadsQuery)(db, values)).rows) payloads.set(row.delivery_id, row.payload)
  }
  return payloads
}

/**
 * Claims up to `limit` due deliveries of one subscription in a single statement: pending,
 * due, and not waiting behind an earlier unfinished delivery with the same ordering key
 * (strict order per record). On PostgreSQL the inner select takes `FOR UPDATE SKIP LOCKED`.
 * Their bodies are then read by id in one more statement on the same executor.
 */
export async function claimDeliveries(db: Executor, options: ClaimValues): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return []
  const claimed = (await claimQuery(db, options)).rows
  if (claimed.length === 0) return []
  // Same executor: inside the caller's transaction, so the rows just claimed are visible.
  const payloads = await readPayloads(db, claimed.map((row) => row.id))
  return claimed.map((row) => {
    const payload = payloads.get(row.id)
    if (payload === undefined) throw new KoppelError('internal_error', `delivery ${row.id} has no payload`)
    return { ...row, payload }
  })
}

/**
 * Gives claimed deliveries that were never sent back to the queue (the dispatcher stopped,
 * or their subscription was disabled while they waited for a slot): pending, no lease.
 */
export async function releaseClaims(db: Executor, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += insertChunk) {
    await db
      .updateTable('deliveries')
      .set({ status: 'pending', lease_until: null })
      .where('status', '=', 'delivering')
      .where('id', 'in', ids.slice(i, i + insertChunk))
      .execute()
  }
}

export interface AttemptRecord {
  deliveryId: number
  number: number
  startedAt: string
  durationMs: number
  statusCode: number | null
  errorClass: string | null
  responseBody: string | null
}

/** What an attempt did to its delivery. `pending` with a time is a scheduled retry. */
export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: string; lastError: string }
  | { status: 'failed'; lastError: string }

/** Column values of one `delivery_attempts` row, in insert order. */
const attemptColumns = ['delivery_id', 'number', 'started_at', 'duration_ms', 'status_code', 'error_class', 'response_body'] as const

const insertAttemptsQueries = new Map<number, ReturnType<typeof insertAttemptsQuery>>()
const insertAttemptsQuery = (rows: number) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db.insertInto('delivery_attempts').values(
      Array.from({ length: rows }, (_, i) => Object.fromEntries(attemptColumns.map((column) => [column, v[`${column}_${i}`]])) as NewDeliveryAttempt),
    ),
  )

const markDeliveredQueries = new Map<number, ReturnType<typeof markDeliveredQuery>>()
const markDeliveredQuery = (rows: number) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db
      .updateTable('deliveries')
      .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), lease_until: null, last_error: null, finished_at: v.now as string }))
      .where('id', 'in', Array.from({ length: rows }, (_, i) => v[`id_${i}`] as number)),
  )

/** Stores attempts and their outcomes; delivered ones in one statement (the common case). */
export async function recordAttempts(trx: Transaction<Database>, results: readonly { attempt: AttemptRecord; outcome: DeliveryOutcome }[], now: string): Promise<void> {
  if (results.length === 0) return
  for (let i = 0; i < results.length; i += insertChunk) {
    const chunk = results.slice(i, i + insertChunk)
    const values: Record<string, unknown> = {}
    chunk.forEach(({ attempt: a }, j) => {
      values[`delivery_id_${j}`] = a.deliveryId
      values[`number_${j}`] = a.number
      values[`started_at_${j}`] = a.startedAt
      values[`duration_ms_${j}`] = a.durationMs
      values[`status_code_${j}`] = a.statusCode
      values[`error_class_${j}`] = a.errorClass
      values[`response_body_${j}`] = a.responseBody
    })
    await cached(insertAttemptsQueries, chunk.length, insertAttemptsQuery)(trx, values)
  }
  const delivered = results.filter((r) => r.outcome.status === 'delivered').map((r) => r.attempt.deliveryId)
  for (let i = 0; i < delivered.length; i += insertChunk) {
    const chunk = delivered.slice(i, i + insertChunk)
    const values: Record<string, unknown> = { now }
    chunk.forEach((id, j) => (values[`id_${j}`] = id))
    await cached(markDeliveredQueries, chunk.length, markDeliveredQuery)(trx, values)
  }
  for (const { attempt, outcome } of results) {
    if (outcome.status === 'delivered') continue
    await trx
      .updateTable('deliveries')
      .set((eb) => ({
        status: outcome.status,
        attempts: eb('attempts', '+', 1),
        lease_until: null,
        last_error: outcome.lastError,
        ...(outcome.status === 'pending' ? { next_attempt_at: outcome.nextAttemptAt } : { finished_at: now }),
      }))
      .where('id', '=', attempt.deliveryId)
      .execute()
  }
}

export async function countDeliveriesByStatus(db: Executor): Promise<{ subscriptionId: string; status: DeliveryStatus; count: number }[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['subscription_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['subscription_id', 'status'])
    .execute()
  return rows.map((row) => ({ subscriptionId: row.subscription_id, status: row.status, count: Number(row.count) }))
}

/** Unfinished deliveries and the creation time of the oldest one, for the metrics gauges. */
export async function deliveryQueueStats(db: Executor): Promise<{ depth: number; oldestCreatedAt: string | null }> {
  const row = await db
    .selectFrom('deliveries')
    .select([(eb) => eb.fn.countAll<number>().as('depth'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', ['pending', 'delivering'])
    .executeTakeFirstOrThrow()
  return { depth: Number(row.depth), oldestCreatedAt: (row.oldest as string | null) ?? null }
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

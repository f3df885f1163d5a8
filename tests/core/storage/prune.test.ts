import { sql } from 'kysely'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { retentionSchema } from '../../../config/schema.js'
import { createRetentionPruner } from '../../../core/retention-pruner.js'
import { feedTruncatedAt } from '../../../core/storage/feed-watermarks.js'
import { type Db } from '../../../core/storage/open-database.js'
import { openTestDatabase } from '../../helpers/test-database.js'

/**
 * Retention on real SQLite with the real migrations: deliveries in every status, some
 * replayed, and the rules that nothing still needed is pruned (DESIGN §5, §6, issue 15).
 */
const now = new Date('2026-06-01T12:00:00.000Z')
const old = '2026-01-01T10:00:00.000Z' // past every window (150 days)
const month = '2026-04-20T10:00:00.000Z' // past the 30d delivery window, inside the 90d mutation window
const recent = '2026-05-31T10:00:00.000Z' // inside every window

let db: Db
let sequence = 0
beforeEach(async () => {
  db = await openTestDatabase()
  sequence = 0
})
afterEach(async () => {
  await db.destroy()
})

async function mutation(id: string, createdAt: string, connection = 'acme', entity = 'employee'): Promise<number> {
  const row = await db.insertInto('mutations').values({
    id, connection_id: connection, connector: 'fake', employer_id: 'er-1', entity, record_id: `${id}-record`, operation: 'updated',
    run_id: 'run_1', changes: '[]', record: '{}', previous: '{}', created_at: createdAt,
  }).returning('sequence').executeTakeFirstOrThrow()
  return row.sequence
}

async function event(id: string, createdAt: string): Promise<void> {
  await db.insertInto('events').values({ id, type: 'sync.succeeded', connection_id: 'acme', data: '{}', created_at: createdAt }).execute()
}

/** A delivery in any status (raw SQL, so statuses another change adds, like `held`, fit too), with a body and one attempt. */
async function delivery(message: string, status: string, createdAt: string, options: { subscription?: string; finishedAt?: string | null; event?: boolean } = {}): Promise<number> {
  const finished = options.finishedAt === undefined ? (['delivered', 'failed', 'refused'].includes(status) ? createdAt : null) : options.finishedAt
  const seq = options.event ? null : ++sequence
  const { rows } = await sql<{ id: number }>`INSERT INTO deliveries (subscription_id, message_id, sequence, ordering_key, status, attempts, next_attempt_at, created_at, finished_at)
    VALUES (${options.subscription ?? 'hr'}, ${message}, ${seq}, ${`k/${message}`}, ${status}, 1, ${createdAt}, ${createdAt}, ${finished}) RETURNING id`.execute(db)
  const id = rows[0]!.id
  await db.insertInto('delivery_payloads').values({ delivery_id: id, payload: `{"m":"${message}"}` }).execute()
  await db.insertInto('delivery_attempts').values({ delivery_id: id, number: 1, started_at: createdAt, duration_ms: 5, status_code: 500, error_class: null, response_body: null }).execute()
  return id
}

async function run(id: string, connection: string, status: string, startedAt: string): Promise<void> {
  await db.insertInto('runs').values({
    id, connection_id: connection, status: status as 'succeeded', mode: 'full', trigger: 'schedule', force: 0, started_at: startedAt,
    finished_at: status === 'running' ? null : startedAt, counts: '{}', employers: '[]', error_code: null, error_message: null, heartbeat_at: startedAt, owner: null,
  }).execute()
}

const ids = async (table: 'mutations' | 'events') => (await db.selectFrom(table).select('id').orderBy('sequence').execute()).map((r) => r.id)
const deliveryIds = async () => (await db.selectFrom('deliveries').select('id').orderBy('id').execute()).map((r) => r.id)
const count = async (table: 'delivery_payloads' | 'delivery_attempts') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

const pruner = (batchSize = 3) => createRetentionPruner({ db, retention: retentionSchema.parse({}), log: pino({ level: 'silent' }), batchSize })

describe('retention', () => {
  it('prunes finished history and never what a delivery still needs', async () => {
    const kept: number[] = []
    await mutation('mut_delivered', old); await delivery('mut_delivered', 'delivered', old)
    await mutation('mut_refused', old); await delivery('mut_refused', 'refused', old)
    await mutation('mut_pending', old); kept.push(await delivery('mut_pending', 'pending', old))
    await mutation('mut_delivering', old); kept.push(await delivery('mut_delivering', 'delivering', old))
    await mutation('mut_held', old); kept.push(await delivery('mut_held', 'held', old))
    await mutation('mut_failed', old); kept.push(await delivery('mut_failed', 'failed', old))
    // Failed, then replayed and delivered: both rows are history now.
    await mutation('mut_replayed', old); await delivery('mut_replayed', 'failed', old); await delivery('mut_replayed', 'delivered', old)
    // Failed, replayed, the replay still pending: the failed row goes, the pending one and the mutation stay.
    await mutation('mut_replay_pending', old); await delivery('mut_replay_pending', 'failed', old); kept.push(await delivery('mut_replay_pending', 'pending', old))
    // Delivered to one subscription, failed to another: the mutation waits for the failed one.
    await mutation('mut_split', old); await delivery('mut_split', 'delivered', old); kept.push(await delivery('mut_split', 'failed', old, { subscription: 'fin' }))
    // Created long ago but only delivered yesterday (a long outage): the delivery is young, the
    // mutation (delivered, so not needed) is not.
    await mutation('mut_late', old); kept.push(await delivery('mut_late', 'delivered', old, { finishedAt: recent }))
    await mutation('mut_no_subscriber', old)
    await event('evt_delivered', old); await delivery('evt_delivered', 'delivered', old, { event: true })
    await event('evt_pending', old); kept.push(await delivery('evt_pending', 'pending', old, { event: true }))
    // An event cannot be replayed: its failed delivery is history after the window.
    await event('evt_failed', old); await delivery('evt_failed', 'failed', old, { event: true })
    // Rows are written in time order, as the gateway writes them (a pass stops at the first young one).
    // Delivered a month ago: the delivery goes, the mutation is inside its 90 days.
    await mutation('mut_month', month); await delivery('mut_month', 'delivered', month)
    await mutation('mut_recent', recent); kept.push(await delivery('mut_recent', 'delivered', recent))
    await event('evt_recent', recent)

    await run('run_a1', 'a', 'succeeded', old)
    await run('run_a2', 'a', 'failed', old)
    await run('run_a3', 'a', 'succeeded', recent)
    await run('run_b1', 'b', 'succeeded', old) // the newest of b: stays
    await run('run_c1', 'c', 'held', old)
    await run('run_c2', 'c', 'running', old) // running: never
    await db.insertInto('records').values({ connection_id: 'acme', entity: 'employee', id: 'e1', employer_id: 'er-1', hash: 'h', data: '{}', updated_at: old }).execute()
    await db.insertInto('staged_records').values({ run_id: 'run_a2', employer_id: 'er-1', position: 0, entity: 'employee', id: 'e1', hash: 'h', data: '{}', existed: 1 }).execute()
    await db.insertInto('staged_records').values({ run_id: 'run_c2', employer_id: 'er-1', position: 0, entity: 'employee', id: 'e1', hash: 'h', data: '{}', existed: 1 }).execute()

    const counts = await pruner().pruneNow({ now })
    expect(counts).toEqual({ deliveries: 9, mutations: 5, events: 2, runs: 3, stagedRecords: 1 })
    expect(await ids('mutations')).toEqual([
      'mut_pending', 'mut_delivering', 'mut_held', 'mut_failed', 'mut_replay_pending', 'mut_split', 'mut_month', 'mut_recent',
    ])
    expect(await deliveryIds()).toEqual(kept)
    expect(await count('delivery_payloads')).toBe(kept.length)
    expect(await count('delivery_attempts')).toBe(kept.length)
    expect(await ids('events')).toEqual(['evt_pending', 'evt_recent'])
    expect((await db.selectFrom('runs').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['run_a3', 'run_b1', 'run_c2'])
    expect(await db.selectFrom('records').select('id').execute()).toEqual([{ id: 'e1' }])
    expect((await db.selectFrom('staged_records').select('run_id').execute()).map((r) => r.run_id)).toEqual(['run_c2'])

    // A second pass finds nothing more; replaying the failed one and delivering it frees it.
    expect(await pruner().pruneNow({ now })).toEqual({ deliveries: 0, mutations: 0, events: 0, runs: 0, stagedRecords: 0 })
    await delivery('mut_failed', 'delivered', old)
    expect((await pruner().pruneNow({ now })).mutations).toBe(1)
    expect(await ids('mutations')).not.toContain('mut_failed')
  })

  it('keeps a watermark per connection and entity, so the feed knows what it lost', async () => {
    const first = await mutation('mut_1', old)
    const second = await mutation('mut_2', old, 'acme', 'wage')
    const blocked = await mutation('mut_3', old)
    await delivery('mut_3', 'pending', old)
    const fourth = await mutation('mut_4', old)
    const young = await mutation('mut_5', recent)
    const other = await mutation('mut_6', recent, 'other')
    expect(await feedTruncatedAt(db, { after: 0 })).toBeUndefined()

    expect((await pruner(2).pruneNow({ now })).mutations).toBe(3)
    expect(await ids('mutations')).toEqual(['mut_3', 'mut_5', 'mut_6'])
    // The feed is complete from the first mutation kept above the highest pruned one.
    expect(await feedTruncatedAt(db, { after: 0 })).toBe(young)
    expect(await feedTruncatedAt(db, { after: first })).toBe(young)
    expect(await feedTruncatedAt(db, { after: fourth })).toBeUndefined()
    expect(await feedTruncatedAt(db, { after: 0, entity: 'wage' })).toBe(second + 1)
    expect(await feedTruncatedAt(db, { after: second, entity: 'wage' })).toBeUndefined()
    expect(await feedTruncatedAt(db, { after: 0, connection: 'other' })).toBeUndefined()
    expect(await feedTruncatedAt(db, { after: 0, connection: 'acme', entity: 'employee' })).toBe(young)
    expect(blocked).toBeLessThan(fourth)
    expect(other).toBeGreaterThan(young)
  })

  it('refuses retention windows shorter than an hour', () => {
    expect(retentionSchema.safeParse({ deliveries: '30m' }).success).toBe(false)
    expect(retentionSchema.parse({ runs: '1h' })).toEqual({ mutations: '90d', deliveries: '30d', runs: '1h' })
  })
})

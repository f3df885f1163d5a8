import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { insertDeliveries, type NewDeliveryWithPayload } from '../../../core/storage/deliveries.js'
import { type Db } from '../../../core/storage/open-database.js'
import type { AttemptRecord } from '../../../core/storage/record-attempts.js'
import { settleDeliveries } from '../../../core/storage/settle-deliveries.js'
import { syncSubscriptions } from '../../../core/storage/subscriptions.js'
import { onPostgres, openTestDatabase } from '../../helpers/test-database.js'

const now = '2026-03-01T10:00:00.000Z'
const later = '2026-03-01T10:05:00.000Z'
const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy()
})

const delivery = (subscription: string, message: string, status: 'pending' | 'delivering' = 'pending'): NewDeliveryWithPayload => ({
  subscription_id: subscription, message_id: message, sequence: null, ordering_key: `acme/employee/${message}`, status,
  payload: `{"m":"${message}"}`, attempts: 0, next_attempt_at: now, last_error: null, created_at: now, finished_at: null,
})

const attempt = (deliveryId: number, statusCode: number | null): AttemptRecord => ({
  deliveryId, number: 1, startedAt: now, durationMs: 3, statusCode, errorClass: statusCode === 200 ? null : `http_${statusCode}`, responseBody: null,
})

async function setup(rows: NewDeliveryWithPayload[]): Promise<{ db: Db; ids: Map<string, number> }> {
  const db = await openTestDatabase()
  opened.push(db)
  await syncSubscriptions(db, [{ id: 'hr' }, { id: 'fin' }, { id: 'gone' }])
  await insertDeliveries(db, rows)
  const all = await db.selectFrom('deliveries').select(['id', 'message_id']).execute()
  return { db, ids: new Map(all.map((row) => [row.message_id, row.id])) }
}

const statusOf = async (db: Db) =>
  Object.fromEntries((await db.selectFrom('deliveries').select(['message_id', 'status', 'attempts', 'lease_until']).execute()).map((r) => [r.message_id, r]))

describe('settleDeliveries', () => {
  it('stores results, disables on 410, gives back unsent claims and claims in the planned order within the total', async () => {
    const { db, ids } = await setup([
      { ...delivery('hr', 'sent'), status: 'delivering' },
      { ...delivery('gone', 'refused'), status: 'delivering' },
      { ...delivery('hr', 'unsent'), status: 'delivering' },
      ...['f1', 'f2', 'f3'].map((m) => delivery('fin', m)),
      ...['h1', 'h2'].map((m) => delivery('hr', m)),
    ])
    const settled = await settleDeliveries(db, {
      results: [
        { attempt: attempt(ids.get('sent')!, 200), outcome: { status: 'delivered' } },
        { attempt: attempt(ids.get('refused')!, 410), outcome: { status: 'pending', nextAttemptAt: now, lastError: 'http_410' } },
      ],
      disable: ['gone'],
      release: [ids.get('unsent')!],
      now,
      // fin first, up to 2; hr would take 5 but only 2 of the total 4 are left.
      claims: { total: 4, subscriptions: [{ id: 'fin', limit: 2, leaseUntil: later }, { id: 'hr', limit: 5, leaseUntil: later }], releaseExpiredLeases: false },
    })
    expect(settled.claimed.map((row) => [row.subscription_id, row.message_id, row.payload])).toEqual([
      ['fin', 'f1', '{"m":"f1"}'],
      ['fin', 'f2', '{"m":"f2"}'],
      ['hr', 'unsent', '{"m":"unsent"}'],
      ['hr', 'h1', '{"m":"h1"}'],
    ])
    expect(settled.filled).toBe(true)
    const rows = await statusOf(db)
    expect(rows.sent).toMatchObject({ status: 'delivered', attempts: 1, lease_until: null })
    expect(rows.refused).toMatchObject({ status: 'pending', attempts: 1, lease_until: null })
    expect(rows.f3).toMatchObject({ status: 'pending', lease_until: null })
    expect(rows.h1).toMatchObject({ status: 'delivering', lease_until: later })
    expect(rows.h2).toMatchObject({ status: 'pending' })
    expect(await db.selectFrom('delivery_attempts').select(['delivery_id', 'status_code']).orderBy('delivery_id').execute()).toEqual([
      { delivery_id: ids.get('sent'), status_code: 200 },
      { delivery_id: ids.get('refused'), status_code: 410 },
    ])
    expect(await db.selectFrom('subscriptions').select(['id', 'status', 'disabled_reason']).where('status', '=', 'disabled').execute()).toEqual([
      { id: 'gone', status: 'disabled', disabled_reason: 'http_410' },
    ])
  })

  it('reports not filled when every subscription gave less than asked, and skips a limit of zero or less', async () => {
    const { db } = await setup([delivery('fin', 'f1'), delivery('hr', 'h1')])
    const settled = await settleDeliveries(db, {
      results: [], disable: [], release: [], now,
      claims: { total: 10, subscriptions: [{ id: 'hr', limit: 0, leaseUntil: later }, { id: 'fin', limit: 3, leaseUntil: later }], releaseExpiredLeases: false },
    })
    expect(settled).toMatchObject({ filled: false, claimed: [{ message_id: 'f1' }] })
    expect((await statusOf(db)).h1).toMatchObject({ status: 'pending' })
  })

  it('claims each fair part first, beyond a total others filled, then what is left in order to those that got all of theirs', async () => {
    const { db } = await setup([...['f1', 'f2', 'f3', 'f4'].map((m) => delivery('fin', m)), ...['h1', 'h2', 'h3'].map((m) => delivery('hr', m))])
    // Nothing is left of the total (a stalled consumer's backlog, say), yet fin and hr get their fair parts.
    const starved = await settleDeliveries(db, {
      results: [], disable: [], release: [], now,
      claims: { total: 0, subscriptions: [{ id: 'fin', limit: 4, fair: 1, leaseUntil: later }, { id: 'hr', limit: 4, fair: 1, leaseUntil: later }], releaseExpiredLeases: false },
    })
    expect(starved.claimed.map((row) => row.message_id)).toEqual(['f1', 'h1'])
    // Fair parts of 1, then 3 left of the total: fin (first) takes 2 more (its limit), hr the last 1.
    const shared = await settleDeliveries(db, {
      results: [], disable: [], release: [], now,
      claims: { total: 5, subscriptions: [{ id: 'fin', limit: 3, fair: 1, leaseUntil: later }, { id: 'hr', limit: 3, fair: 1, leaseUntil: later }], releaseExpiredLeases: false },
    })
    expect(shared.claimed.map((row) => row.message_id)).toEqual(['f2', 'h2', 'f3', 'f4', 'h3'])
  })

  it('releases expired leases only when asked, and claims nothing without claims', async () => {
    const { db } = await setup([{ ...delivery('hr', 'stuck'), status: 'delivering' }])
    await db.updateTable('deliveries').set({ lease_until: now }).execute()
    expect(await settleDeliveries(db, { results: [], disable: [], release: [], now })).toEqual({ claimed: [], filled: false })
    const claims = { total: 1, subscriptions: [{ id: 'hr', limit: 1, leaseUntil: later }] }
    expect((await settleDeliveries(db, { results: [], disable: [], release: [], now, claims: { ...claims, releaseExpiredLeases: false } })).claimed).toEqual([])
    expect((await statusOf(db)).stuck).toMatchObject({ status: 'delivering', lease_until: now })
    const swept = await settleDeliveries(db, { results: [], disable: [], release: [], now, claims: { ...claims, releaseExpiredLeases: true } })
    expect(swept.claimed.map((row) => row.message_id)).toEqual(['stuck'])
    expect((await statusOf(db)).stuck).toMatchObject({ status: 'delivering', lease_until: later })
  })

  it('is one transaction: a failing claim leaves the results unstored and the unsent claims claimed', async () => {
    const { db, ids } = await setup([{ ...delivery('hr', 'sent'), status: 'delivering' }, { ...delivery('hr', 'unsent'), status: 'delivering' }, delivery('fin', 'f1')])
    if (onPostgres) {
      await sql`CREATE FUNCTION refuse_claim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'claim refused'; END $$`.execute(db)
      await sql`CREATE TRIGGER refuse_claim BEFORE UPDATE OF status ON deliveries FOR EACH ROW WHEN (NEW.status = 'delivering') EXECUTE FUNCTION refuse_claim()`.execute(db)
    } else {
      await sql`CREATE TRIGGER refuse_claim BEFORE UPDATE OF status ON deliveries WHEN NEW.status = 'delivering' BEGIN SELECT RAISE(ABORT, 'claim refused'); END`.execute(db)
    }
    const settling = settleDeliveries(db, {
      results: [{ attempt: attempt(ids.get('sent')!, 200), outcome: { status: 'delivered' } }],
      disable: ['hr'],
      release: [ids.get('unsent')!],
      now,
      claims: { total: 1, subscriptions: [{ id: 'fin', limit: 1, leaseUntil: later }], releaseExpiredLeases: false },
    })
    await expect(settling).rejects.toThrow(/claim refused/)
    const rows = await statusOf(db)
    expect(rows.sent).toMatchObject({ status: 'delivering', attempts: 0 })
    expect(rows.unsent).toMatchObject({ status: 'delivering' })
    expect(await db.selectFrom('delivery_attempts').select('id').execute()).toEqual([])
    expect(await db.selectFrom('subscriptions').select('status').where('id', '=', 'hr').executeTakeFirstOrThrow()).toEqual({ status: 'enabled' })
  })
})

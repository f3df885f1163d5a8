import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMetrics } from '../../../core/metrics.js'
import { announceChange, createChangeSignal } from '../../../core/storage/change-signal.js'
import type { Database } from '../../../core/storage/database.js'
import { openDatabase, type Db } from '../../../core/storage/open-database.js'
import { syncSubscriptions } from '../../../core/storage/subscriptions.js'
import { createDispatcher } from '../../../core/webhooks/dispatcher.js'
import { createOutbox } from '../../../core/webhooks/outbox.js'
import { postgresListener } from '../../../core/storage/open-postgres.js'
import { startWebhookReceiver } from '../../fakes/webhook-receiver.js'
import { emitMutations, newSecret, silentLog, until, webhookConfig } from '../webhooks/harness.js'

let dir: string
const opened: Db[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'koppel-change-'))
})
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy()
  rmSync(dir, { recursive: true, force: true })
})
async function open(): Promise<Db> {
  const db = await openDatabase({ path: join(dir, 'koppel.db') })
  opened.push(db)
  return db
}
const touch = (db: Db) => db.updateTable('sequence_counters').set({ name: 'mutations' }).where('name', '=', 'mutations').execute()

describe('createChangeSignal on SQLite (PRAGMA data_version)', () => {
  it("reports another connection's commit within a few polls, and not this connection's own", async () => {
    const [mine, other] = [await open(), await open()]
    const signal = createChangeSignal(mine, { pollMs: 10 })
    let changes = 0
    signal.start(() => changes++)
    await new Promise((r) => setTimeout(r, 50))
    await touch(mine)
    await new Promise((r) => setTimeout(r, 80))
    expect(changes).toBe(0)
    const committed = Date.now()
    await touch(other)
    await until(() => changes === 1, 2000)
    expect(Date.now() - committed).toBeLessThan(200)
    await signal.stop()
    await touch(other)
    await new Promise((r) => setTimeout(r, 80))
    expect(changes).toBe(1)
  })

  it('a dispatcher sends a delivery committed by another process without waiting for its poll', async () => {
    const secret = newSecret()
    const receiver = await startWebhookReceiver({ secrets: [secret] })
    const webhooks = [webhookConfig({ id: 'hooks', url: receiver.url, secret })]
    const [server, cli] = [await open(), await open()]
    await syncSubscriptions(server, webhooks)
    const dispatcher = createDispatcher({
      db: server, webhooks, delivery: { concurrency: 4, poll_interval: '30s' }, log: silentLog, metrics: createMetrics(),
      changes: createChangeSignal(server, { pollMs: 25 }),
    })
    dispatcher.start()
    try {
      await new Promise((r) => setTimeout(r, 100)) // the first poll is behind us; the next is 30 s away
      const outbox = createOutbox({ webhooks, log: silentLog, metrics: createMetrics() })
      const committed = Date.now()
      await emitMutations(cli, outbox, [{ recordId: 'e1' }])
      await receiver.waitFor(1, 5000)
      expect(Date.now() - committed).toBeLessThan(1000)
    } finally {
      await dispatcher.stop()
      await receiver.close()
    }
  })
})

const postgresUrl = 'postgres://postgres@127.0.0.1:5432'
const reachable = await (async () => {
  const client = new pg.Client(`${postgresUrl}/postgres`)
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
})()

/** A database of its own for one test on the server (this file runs under `npm test` too): its URL, and `drop()`. */
async function scratchDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client(`${postgresUrl}/postgres`)
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name}`)
  await admin.query(`CREATE DATABASE ${name}`)
  return {
    url: `${postgresUrl}/${name}`,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

describe.runIf(reachable)('createChangeSignal on PostgreSQL (LISTEN/NOTIFY)', () => {
  it('hears a NOTIFY sent inside a committed transaction, and none from a rolled-back one', async () => {
    const database = await scratchDatabase(`replicas_signal_${process.pid}`)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) })
    const signal = createChangeSignal(db, { listen: postgresListener(database.url) })
    try {
      let changes = 0
      signal.start(() => changes++)
      await new Promise((r) => setTimeout(r, 200))
      await db.transaction().execute((trx) => announceChange(trx)).then(() => undefined)
      await until(() => changes === 1, 2000)
      await db.transaction().execute(async (trx) => {
        await announceChange(trx)
        throw new Error('roll back')
      }).catch(() => {})
      await new Promise((r) => setTimeout(r, 200))
      expect(changes).toBe(1)
    } finally {
      await signal.stop()
      await db.destroy()
      await database.drop()
    }
  })

  it("tells another process's dispatcher of the outbox's deliveries when their transaction commits", async () => {
    const database = await scratchDatabase(`replicas_outbox_signal_${process.pid}`)
    const db = await openDatabase({ driver: 'postgres', url: database.url, poolSize: 2 })
    const webhooks = [webhookConfig({ id: 'hooks', url: 'http://127.0.0.1:9/never', secret: newSecret() })]
    await syncSubscriptions(db, webhooks)
    const signal = createChangeSignal(db, { listen: postgresListener(database.url) })
    try {
      let changes = 0
      signal.start(() => changes++)
      await new Promise((r) => setTimeout(r, 200))
      await emitMutations(db, createOutbox({ webhooks, log: silentLog, metrics: createMetrics() }), [{ recordId: 'e1' }])
      await until(() => changes >= 1, 2000)
      expect(await db.selectFrom('deliveries').select('status').execute()).toEqual([{ status: 'pending' }])
    } finally {
      await signal.stop()
      await db.destroy()
      await database.drop()
    }
  })
})

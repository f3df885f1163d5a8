import { pino } from 'pino'
import { sql } from 'kysely'
import { webhookSchema } from '../config/schema.js'
import { createMetrics } from '../core/metrics.js'
import { openDatabase } from '../core/storage/open-database.js'
import { syncSubscriptions } from '../core/storage/subscriptions.js'
import { createOutbox } from '../core/webhooks/outbox.js'
import { claimDeliveries } from '../core/storage/claim-deliveries.js'
import { benchPostgresDatabase } from '../bench/bench-postgres-database.js'
import { enqueueMutations } from '../bench/enqueue-mutations.js'

const pgdb = await benchPostgresDatabase()
const db = await openDatabase({ driver: 'postgres', url: pgdb.url } as never)
const hooks = [webhookSchema.parse({ id: 'solo', url: 'http://127.0.0.1:9/x', secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` })]
await syncSubscriptions(db, hooks)
await enqueueMutations(db, createOutbox({ webhooks: hooks, log: pino({ level: 'silent' }), metrics: createMetrics() }), 20000, 0)
const now = new Date().toISOString()
const time = async (label: string) => {
  const t = performance.now()
  let n = 0
  for (let i = 0; i < 20; i++) n += (await db.transaction().execute((trx) => claimDeliveries(trx, { subscriptionId: 'solo', now, leaseUntil: new Date(Date.now() + 60000).toISOString(), limit: 64 }))).length
  console.log(label, n, ((performance.now() - t) / 20).toFixed(1), 'ms per claim')
}
await time('before analyze')
await sql`ANALYZE deliveries`.execute(db)
await time('after analyze')
await db.destroy()
await pgdb.drop()

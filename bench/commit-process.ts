/**
 * The other process of the idle-latency benchmark (a CLI `sync` or another replica): opens
 * the database at argv[2] (a SQLite path, or a `postgres://` URL), and for every line on
 * stdin commits one mutation with its delivery for the webhook at argv[3], printing the
 * commit time (epoch ms).
 */
import { createInterface } from 'node:readline'
import { pino } from 'pino'
import { webhookSchema } from '../config/schema.js'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { createMetrics } from '../core/metrics.js'
import { openDatabase } from '../core/storage/open-database.js'
import { createOutbox } from '../core/webhooks/outbox.js'
import { commitOne } from './commit-one.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const [where, url] = process.argv.slice(2) as [string, string]
const db = await openDatabase(where.startsWith('postgres://') ? { driver: 'postgres', url: where, poolSize: 2 } : { path: where })
const webhooks = [webhookSchema.parse({ id: 'idle', url, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` })]
const outbox = createOutbox({ webhooks, log: pino({ level: 'silent' }), metrics: createMetrics() })
process.stdout.write('ready\n')
for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write(`${await commitOne(db, outbox, line)}\n`)
}
await db.destroy()

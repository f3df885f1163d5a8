/**
 * One replica's dispatcher for the replica delivery benchmark: opens the PostgreSQL database
 * at argv[2], delivers the `bench` subscription to argv[3] (its `concurrency` argv[4]), and is
 * woken by other processes' commits through LISTEN, as a replica of `gateway start` is.
 * Prints `ready` once started; stops when its stdin closes.
 */
import { pino } from 'pino'
import { webhookSchema } from '../config/schema.js'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { createMetrics } from '../core/metrics.js'
import { createChangeSignal } from '../core/storage/change-signal.js'
import { openDatabase } from '../core/storage/open-database.js'
import { postgresListener } from '../core/storage/open-postgres.js'
import { createDispatcher } from '../core/webhooks/dispatcher.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const [url, hookUrl, concurrency] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4] ?? 32)]
const db = await openDatabase({ driver: 'postgres', url, poolSize: 5 })
const webhooks = [webhookSchema.parse({ id: 'bench', url: hookUrl, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, concurrency })]
const dispatcher = createDispatcher({
  db, webhooks, delivery: { concurrency, poll_interval: '1s' }, log: pino({ level: 'silent' }), metrics: createMetrics(),
  changes: createChangeSignal(db, { listen: postgresListener(url) }),
})
dispatcher.start()
process.stdout.write('ready\n')
process.stdin.resume()
process.stdin.on('end', () => {
  void dispatcher.stop().then(() => db.destroy()).then(() => process.exit(0))
})

/**
 * Benchmark 4: webhook delivery. N mutations committed to the outbox in one transaction,
 * delivered by the dispatcher to a receiver that answers 200 at once (another process);
 * the floor is a raw loop of POSTs of the same bodies at the same concurrency (same transport). Prints one
 * JSON line: deliveries/s, ratio to the floor, p50/p99 latency from commit to receipt.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pino } from 'pino'
import { webhookSchema } from '../config/schema.js'
import { newId } from '../core/ids.js'
import { createMetrics } from '../core/metrics.js'
import { openDatabase } from '../core/storage/open-database.js'
import { syncSubscriptions } from '../core/storage/subscriptions.js'
import { createDispatcher } from '../core/webhooks/dispatcher.js'
import { mutationMessage } from '../core/webhooks/mutation-message.js'
import { createOutbox } from '../core/webhooks/outbox.js'
import { nodeTransport } from '../core/upstream/node-transport.js'

const count = Number(process.argv[2] ?? 20_000)
const concurrency = 32
const receiver = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'receiver-process.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
const port = await new Promise<string>((resolve) => createInterface({ input: receiver.stdout! }).once('line', resolve))
const url = `http://127.0.0.1:${port}/hooks`
const stats = async () => (await (await fetch(url)).json()) as { count: number; arrivals: Record<string, number> }

const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-'))
const db = await openDatabase({ path: join(dir, 'bench.db') })
const log = pino({ level: 'silent' })
const webhooks = [webhookSchema.parse({ id: 'bench', url, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, concurrency })]
await syncSubscriptions(db, webhooks)
const metrics = createMetrics()
const outbox = createOutbox({ webhooks, log, metrics })

const commitAt = Date.now()
await db.transaction().execute(async (trx) => {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId('mut'), connection_id: 'bench', connector: 'synthetic', employer_id: 'er-1', entity: 'employee', record_id: `emp-${i}`,
    operation: 'updated' as const, run_id: 'run_bench', changes: JSON.stringify([{ path: 'address.street', before: 'Voordijk', after: 'Breestraat' }]),
    record: JSON.stringify({ id: `emp-${i}`, address: { street: 'Breestraat' } }), previous: JSON.stringify({ id: `emp-${i}`, address: { street: 'Voordijk' } }),
    created_at: new Date().toISOString(),
  }))
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await trx.insertInto('mutations').values(rows.slice(i, i + 500)).returningAll().execute()
    await outbox.enqueue(trx, inserted.map(mutationMessage))
  }
})
const enqueueMs = Date.now() - commitAt
const dispatcher = createDispatcher({ db, webhooks, delivery: { concurrency, poll_interval: '1s' }, log, metrics })
const started = performance.now()
dispatcher.start()
await dispatcher.drain({ timeoutMs: 600_000 })
const deliverMs = performance.now() - started
await dispatcher.stop()
const delivered = await stats()
const latencies = Object.values(delivered.arrivals).map((at) => at - commitAt).sort((a, b) => a - b)
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN

// The floor: the same stored bodies, POSTed by a plain loop at the same concurrency through
// the same HTTP transport the dispatcher uses (node:http with keep-alive).
const bodies = (await db.selectFrom('deliveries').innerJoin('delivery_payloads', 'delivery_payloads.delivery_id', 'deliveries.id').select(['message_id', 'payload']).orderBy('deliveries.id').execute()).map((row) => [row.message_id, row.payload] as const)
await db.destroy()
const floorStarted = performance.now()
let next = 0
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < bodies.length) {
    const [id, body] = bodies[next++]!
    await nodeTransport(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': id }, signal: AbortSignal.timeout(15_000) })
  }
}))
const floorMs = performance.now() - floorStarted
const floorDelivered = await stats()
receiver.kill()
rmSync(dir, { recursive: true, force: true })

process.stdout.write(`${JSON.stringify({
  name: 'webhook delivery', count, concurrency, delivered: Object.keys(delivered.arrivals).length, requests: delivered.count, enqueueMs,
  deliverMs, perSecond: count / (deliverMs / 1000), floorMs, floorDelivered: floorDelivered.count, floorPerSecond: count / (floorMs / 1000),
  ratio: floorMs / deliverMs, p50Ms: percentile(0.5), p99Ms: percentile(0.99), peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)

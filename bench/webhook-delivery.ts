/**
 * Benchmark 4: webhook delivery. Three rounds, each: N mutations committed to the outbox in
 * one transaction and delivered by a running dispatcher (woken as the sync engine wakes it)
 * to a receiver that answers 200 at once (another process); then the floor: a raw loop of
 * POSTs of the same bodies at the same concurrency through the same transport. Alternating
 * rounds put both sides under the same machine load; the ratio reported is the median of
 * the rounds' ratios. Prints one JSON line: deliveries/s, ratio, p50/p99 commit-to-receipt.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pino } from 'pino'
import { webhookSchema } from '../config/schema.js'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { createMetrics } from '../core/metrics.js'
import { openDatabase } from '../core/storage/open-database.js'
import { syncSubscriptions } from '../core/storage/subscriptions.js'
import { createDispatcher } from '../core/webhooks/dispatcher.js'
import { createOutbox } from '../core/webhooks/outbox.js'
import { enqueueMutations } from './enqueue-mutations.js'
import { rawPostLoop } from './raw-post-loop.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const count = Number(process.argv[2] ?? 20_000)
const rounds = 3
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
const dispatcher = createDispatcher({ db, webhooks, delivery: { concurrency, poll_interval: '1s' }, log, metrics })
dispatcher.start()


const results: { deliverMs: number; floorMs: number; enqueueMs: number; delivered: number; requests: number; floorDelivered: number; p50Ms: number; p99Ms: number }[] = []
for (let round = 0; round < rounds; round++) {
  const commitAt = Date.now()
  const afterId = await enqueueMutations(db, outbox, count, round)
  const enqueueMs = Date.now() - commitAt
  const started = performance.now()
  dispatcher.wake()
  await dispatcher.drain({ timeoutMs: 600_000 })
  const deliverMs = performance.now() - started
  const delivered = await stats()
  const latencies = Object.values(delivered.arrivals).map((at) => at - commitAt).sort((a, b) => a - b)
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN

  const bodies = (await db.selectFrom('deliveries').innerJoin('message_payloads', 'message_payloads.message_id', 'deliveries.message_id')
    .select(['deliveries.message_id', 'payload']).where('deliveries.id', '>', afterId).orderBy('deliveries.id').execute()).map((row) => [row.message_id, row.payload] as const)
  const floorMs = await rawPostLoop(url, bodies, concurrency)
  const floorDelivered = (await stats()).count
  results.push({ deliverMs, floorMs, enqueueMs, delivered: Object.keys(delivered.arrivals).length, requests: delivered.count, floorDelivered, p50Ms: percentile(0.5), p99Ms: percentile(0.99) })
}
await dispatcher.stop()
await db.destroy()
receiver.kill()
rmSync(dir, { recursive: true, force: true })

const ratios = results.map((r) => r.floorMs / r.deliverMs)
const median = [...results].sort((a, b) => a.floorMs / a.deliverMs - b.floorMs / b.deliverMs)[Math.floor(rounds / 2)]!
process.stdout.write(`${JSON.stringify({
  name: 'webhook delivery', count, rounds, concurrency,
  delivered: Math.min(...results.map((r) => r.delivered)), requests: Math.max(...results.map((r) => r.requests)), floorDelivered: Math.min(...results.map((r) => r.floorDelivered)),
  enqueueMs: median.enqueueMs, deliverMs: median.deliverMs, perSecond: count / (median.deliverMs / 1000), floorMs: median.floorMs, floorPerSecond: count / (median.floorMs / 1000),
  ratio: median.floorMs / median.deliverMs, ratios, perSecondRounds: results.map((r) => count / (r.deliverMs / 1000)), floorPerSecondRounds: results.map((r) => count / (r.floorMs / 1000)),
  p50Ms: median.p50Ms, p99Ms: median.p99Ms, peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)

/**
 * Benchmark 6: webhook fan-out. N mutations committed to the outbox in one transaction and
 * delivered by a running dispatcher (global concurrency 32) to a receiver in another process
 * that answers 200 at once, in alternating rounds: to 1 subscription, to 5 subscriptions on
 * the same mutations (5N deliveries), and to 1 healthy subscription beside a stalled one that
 * may take every slot of the dispatcher (its receiver never answers; its attempts time out
 * after 10 s; the round ends after 60 s at the latest). `ratio` is the median
 * over rounds of deliveries/s with 5 subscriptions over deliveries/s with 1; `stalledRatio`
 * the healthy subscription's deliveries/s beside the stalled one over the same alone. Prints
 * one JSON line.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pino } from 'pino'
import { webhookSchema, type WebhookConfig } from '../config/schema.js'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { createMetrics } from '../core/metrics.js'
import { openDatabase, type Db } from '../core/storage/open-database.js'
import { syncSubscriptions } from '../core/storage/subscriptions.js'
import { createDispatcher } from '../core/webhooks/dispatcher.js'
import { createOutbox } from '../core/webhooks/outbox.js'
import { enqueueMutations } from './enqueue-mutations.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const count = Number(process.argv[2] ?? 10_000)
/** `webhook-fanout.ts 2000 five` runs only that setup (for profiling); the ratios need all three. */
const only = process.argv[3]
const rounds = 3
const concurrency = 32
const receiver = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'receiver-process.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
const port = await new Promise<string>((resolve) => createInterface({ input: receiver.stdout! }).once('line', resolve))
const base = `http://127.0.0.1:${port}`
const stats = async () => (await (await fetch(`${base}/stats`)).json()) as { count: number; arrivals: Record<string, number> }
const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-'))
const log = pino({ level: 'silent' })
const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
const hook = (id: string, path: string, extra: Partial<WebhookConfig> = {}) => webhookSchema.parse({ id, url: `${base}${path}`, secret, concurrency, ...extra })

/** `healthy`: the subscription measured beside a stalled one; '' measures all (drained). */
interface Setup { db: Db; webhooks: WebhookConfig[]; healthy: string }
const setups: Record<'one' | 'five' | 'stalled', Setup> = {
  one: { db: await openDatabase({ path: join(dir, 'one.db') }), webhooks: [hook('solo', '/hooks/solo')], healthy: '' },
  five: { db: await openDatabase({ path: join(dir, 'five.db') }), webhooks: ['a', 'b', 'c', 'd', 'e'].map((id) => hook(`fan-${id}`, `/hooks/${id}`)), healthy: '' },
  // The stalled consumer comes first and may have as many slots as the whole dispatcher.
  stalled: { db: await openDatabase({ path: join(dir, 'stalled.db') }), webhooks: [hook('stuck', '/stall', { timeout: '10s' }), hook('healthy', '/hooks/healthy')], healthy: 'healthy' },
}
for (const setup of Object.values(setups)) await syncSubscriptions(setup.db, setup.webhooks)

/** Commits `count` mutations and their deliveries in one transaction, as a sync run does. */
async function enqueue(setup: Setup, round: number): Promise<void> {
  await enqueueMutations(setup.db, createOutbox({ webhooks: setup.webhooks, log, metrics: createMetrics() }), count, round)
}

/** Whether some delivery of `subscription` is not delivered yet (one probe, as cheap as the drain's). */
async function undelivered(db: Db, subscription: string): Promise<boolean> {
  const row = await db.selectFrom('deliveries').select('id').where('subscription_id', '=', subscription).where('status', 'in', ['pending', 'delivering']).limit(1).executeTakeFirst()
  return row !== undefined
}

async function delivered(db: Db, subscription: string): Promise<number> {
  const row = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('subscription_id', '=', subscription).where('status', '=', 'delivered').executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A round with a stalled consumer ends after this long at the latest (its healthy deliveries/s then count what arrived). */
const roundCapMs = 60_000

/** CPU µs per delivery of this process (the sender) in each setup's last round: less noisy than wall time on a busy machine. */
const cpuPerDelivery: Record<string, number> = {}

/** One round of a setup: deliveries/s to the healthy subscriptions (all of them for `five`). */
async function deliver(name: keyof typeof setups, round: number): Promise<number> {
  const setup = setups[name]
  const dispatcher = createDispatcher({ db: setup.db, webhooks: setup.webhooks, delivery: { concurrency, poll_interval: '1s' }, log, metrics: createMetrics(), stopTimeoutMs: 50 })
  dispatcher.start()
  await enqueue(setup, round)
  const started = performance.now()
  const cpu = process.cpuUsage()
  dispatcher.wake()
  let done = count * setup.webhooks.length
  if (setup.healthy) {
    // Polled as the drain polls (every 20 ms while the loop runs).
    while ((await undelivered(setup.db, setup.healthy)) && performance.now() - started < roundCapMs) await new Promise((resolve) => setTimeout(resolve, 20))
  } else {
    await dispatcher.drain({ timeoutMs: 600_000 })
  }
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  if (setup.healthy) done = await delivered(setup.db, setup.healthy)
  await dispatcher.stop()
  // The stalled subscription's claims go back to pending (or are leased until they expire): start each round from a clean queue.
  await setup.db.deleteFrom('delivery_attempts').execute()
  await setup.db.deleteFrom('deliveries').execute()
  await stats()
  cpuPerDelivery[name] = (used.user + used.system) / done
  return done / (ms / 1000)
}

const results: { one: number; five: number; stalled: number }[] = []
for (let round = 0; round < rounds; round++) {
  const one = !only || only === 'one' ? await deliver('one', round) : NaN
  const five = !only || only === 'five' ? await deliver('five', round) : NaN
  const stalled = !only || only === 'stalled' ? await deliver('stalled', round) : NaN
  results.push({ one, five, stalled })
}
for (const setup of Object.values(setups)) await setup.db.destroy()
receiver.kill()
rmSync(dir, { recursive: true, force: true })

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
process.stdout.write(`${JSON.stringify({
  name: 'webhook fan-out', count, rounds, concurrency,
  onePerSecond: median(results.map((r) => r.one)), fivePerSecond: median(results.map((r) => r.five)), stalledPerSecond: median(results.map((r) => r.stalled)),
  ratio: median(results.map((r) => r.five / r.one)), ratios: results.map((r) => r.five / r.one),
  stalledRatio: median(results.map((r) => r.stalled / r.one)), stalledRatios: results.map((r) => r.stalled / r.one),
  cpuUsPerDelivery: cpuPerDelivery,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
// The stalled consumer's sockets are still open.
process.exit(0)

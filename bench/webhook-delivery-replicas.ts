/**
 * Benchmark (issue 14): webhook delivery by 1 and by 3 replicas on one PostgreSQL database
 * (a fresh database: bench/bench-postgres-database.ts). Each round, for 1 and for 3 dispatcher
 * processes (bench/dispatcher-process.ts, woken by LISTEN as replicas are; their order
 * alternates between rounds): N mutations committed in one transaction by this process, timed
 * from the commit to the last arrival at a receiver in another process, which counts every
 * POST by `webhook-id` (duplicates: POSTs beyond one per message). Then the floor: a raw loop
 * of POSTs of the same bodies at one replica's concurrency. Prints one JSON line: medians of
 * the rounds, the 3-vs-1 ratio, duplicates.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { pino } from 'pino'
import { webhookSchema } from '../config/schema.js'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { createMetrics } from '../core/metrics.js'
import { openDatabase } from '../core/storage/open-database.js'
import { syncSubscriptions } from '../core/storage/subscriptions.js'
import { createOutbox } from '../core/webhooks/outbox.js'
import { benchPostgresDatabase } from './bench-postgres-database.js'
import { enqueueMutations } from './enqueue-mutations.js'
import { rawPostLoop } from './raw-post-loop.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const count = Number(process.argv[2] ?? 20_000)
const rounds = 3
const concurrency = 32
const database = await benchPostgresDatabase()

const receiver = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'receiver-process.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
const port = await new Promise<string>((resolve) => createInterface({ input: receiver.stdout! }).once('line', resolve))
const hookUrl = `http://127.0.0.1:${port}/hooks`
const stats = async () => (await (await fetch(hookUrl)).json()) as { count: number; arrivals: Record<string, number> }

async function startReplicas(n: number): Promise<ChildProcess[]> {
  const replicas = Array.from({ length: n }, () =>
    spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'dispatcher-process.ts'), database.url, hookUrl, String(concurrency)], { stdio: ['pipe', 'pipe', 'inherit'] }))
  await Promise.all(replicas.map((child) => new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve())
    child.once('exit', (code) => reject(new Error(`a dispatcher process exited with ${code} before it was ready`)))
  })))
  return replicas
}

async function stopReplicas(replicas: ChildProcess[]): Promise<void> {
  await Promise.all(replicas.map((child) => new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.stdin!.end()
  })))
}

/** Waits until every message of the round arrived; POSTs and first arrivals per `webhook-id`. */
async function collect(expected: number): Promise<{ requests: number; arrivals: Map<string, number> }> {
  const arrivals = new Map<string, number>()
  let requests = 0
  const deadline = Date.now() + 600_000
  while (arrivals.size < expected) {
    if (Date.now() > deadline) throw new Error(`only ${arrivals.size} of ${expected} deliveries arrived`)
    await sleep(20)
    const batch = await stats()
    requests += batch.count
    for (const [id, at] of Object.entries(batch.arrivals)) if (!arrivals.has(id)) arrivals.set(id, at)
  }
  // Late duplicates (a claim sent twice) would come after the last first arrival: look once more.
  await sleep(500)
  const late = await stats()
  requests += late.count
  return { requests, arrivals }
}


type Round = { replicas: number; deliverMs: number; requests: number; delivered: number }
const results: Array<{ one: Round; three: Round; floorMs: number }> = []
let attempts = 0
let failedAttempts: Record<string, number> = {}
try {
  const db = await openDatabase({ driver: 'postgres', url: database.url, poolSize: 5 })
  const log = pino({ level: 'silent' })
  const webhooks = [webhookSchema.parse({ id: 'bench', url: hookUrl, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, concurrency })]
  await syncSubscriptions(db, webhooks)
  const outbox = createOutbox({ webhooks, log, metrics: createMetrics() })
  let tag = 0
  for (let round = 0; round < rounds; round++) {
    const measured: Round[] = []
    for (const replicas of round % 2 === 0 ? [1, 3] : [3, 1]) {
      const processes = await startReplicas(replicas)
      const afterId = await enqueueMutations(db, outbox, count, tag++)
      const committedAt = performance.timeOrigin + performance.now()
      const { requests, arrivals } = await collect(count)
      await stopReplicas(processes)
      measured.push({ replicas, deliverMs: Math.max(...arrivals.values()) - committedAt, requests, delivered: arrivals.size })
      if (replicas === 1) {
        const bodies = (await db.selectFrom('deliveries').innerJoin('message_payloads', 'message_payloads.message_id', 'deliveries.message_id')
          .select(['deliveries.message_id', 'payload']).where('deliveries.id', '>', afterId).orderBy('deliveries.id').execute()).map((row) => [row.message_id, row.payload] as const)
        const floorMs = await rawPostLoop(hookUrl, bodies, concurrency)
        await stats()
        results.push({ one: measured.at(-1)!, three: undefined as unknown as Round, floorMs })
      }
    }
    results.at(-1)!.three = measured.find((m) => m.replicas === 3)!
  }
  // A POST beyond one per message is either a retry (an attempt that failed or timed out
  // although the receiver got it: at-least-once, consumers dedupe by webhook-id) or a send
  // that no attempt row records (two claimers sent one delivery): tell them apart.
  attempts = Number((await db.selectFrom('delivery_attempts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  failedAttempts = Object.fromEntries((await db.selectFrom('delivery_attempts').select(['error_class', 'status_code', (eb) => eb.fn.countAll().as('n')])
    .where((eb) => eb.or([eb('status_code', 'is', null), eb('status_code', '>=', 300)])).groupBy(['error_class', 'status_code']).execute())
    .map((row) => [`${row.error_class ?? ''}${row.status_code ?? ''}`, Number(row.n)]))
  await db.destroy()
} finally {
  receiver.kill()
  await database.drop()
}

const perSecond = (r: Round) => count / (r.deliverMs / 1000)
const ratios = results.map((r) => perSecond(r.three) / perSecond(r.one))
const median = [...results].sort((a, b) => perSecond(a.three) / perSecond(a.one) - perSecond(b.three) / perSecond(b.one))[Math.floor(rounds / 2)]!
process.stdout.write(`${JSON.stringify({
  name: 'webhook delivery by replicas', count, rounds, concurrency,
  onePerSecond: perSecond(median.one), threePerSecond: perSecond(median.three), ratio: perSecond(median.three) / perSecond(median.one), ratios,
  floorPerSecond: count / (median.floorMs / 1000), oneVsFloor: median.floorMs / median.one.deliverMs,
  duplicates: results.reduce((sum, r) => sum + (r.one.requests - r.one.delivered) + (r.three.requests - r.three.delivered), 0),
  requests: results.reduce((sum, r) => sum + r.one.requests + r.three.requests, 0), attempts, failedAttempts,
  missing: results.reduce((sum, r) => sum + (count - r.one.delivered) + (count - r.three.delivered), 0),
  onePerSecondRounds: results.map((r) => perSecond(r.one)), threePerSecondRounds: results.map((r) => perSecond(r.three)),
})}\n`)

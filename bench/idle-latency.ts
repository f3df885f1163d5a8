/**
 * Benchmark 5: commit-to-receipt latency of an idle dispatcher (poll interval 1 s), for a
 * commit of this process (the runner wakes the dispatcher) and one of another process on
 * the same database (the change signal wakes it: `PRAGMA data_version` on SQLite; with
 * `postgres`, on a fresh database of the server at KOPPEL_BENCH_PG_URL, the commit's NOTIFY
 * on the dispatcher's LISTEN connection, `postgresListener`, as `gateway start` wires it).
 * `idle-latency.ts N [postgres]`: N samples each, one at a time with a pause between, to a
 * receiver in this process that answers 200. Without the signal a cross-process commit
 * waits for the 1 s poll. Prints one JSON line with p50/p99 of both.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { pino } from 'pino'
import { webhookSchema } from '../config/schema.js'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { createMetrics } from '../core/metrics.js'
import { changeChannel, createChangeSignal } from '../core/storage/change-signal.js'
import { openDatabase } from '../core/storage/open-database.js'
import { postgresListener } from '../core/storage/open-postgres.js'
import { syncSubscriptions } from '../core/storage/subscriptions.js'
import { createDispatcher } from '../core/webhooks/dispatcher.js'
import { createOutbox } from '../core/webhooks/outbox.js'
import { benchPostgresDatabase } from './bench-postgres-database.js'
import { commitOne } from './commit-one.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const samples = Number(process.argv[2] ?? 100)
const onPostgres = process.argv[3] === 'postgres'
let arrived: ((at: number) => void) | undefined
const receiver = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    arrived?.(performance.timeOrigin + performance.now())
    res.writeHead(200).end()
  })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`

const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-idle-'))
const database = onPostgres ? await benchPostgresDatabase() : null
const where = database?.url ?? join(dir, 'bench.db')
const db = await openDatabase(database ? { driver: 'postgres', url: database.url, poolSize: 5 } : { path: where })
const log = pino({ level: 'silent' })
const webhooks = [webhookSchema.parse({ id: 'idle', url, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` })]
await syncSubscriptions(db, webhooks)
const metrics = createMetrics()
const outbox = createOutbox({ webhooks, log, metrics })
// PostgreSQL: the listener as the gateway opens it; the first sample waits until it listens.
let listening = Promise.resolve()
let listen: (() => ReturnType<ReturnType<typeof postgresListener>>) | undefined
if (database) {
  const open = postgresListener(database.url)
  let listened!: () => void
  listening = new Promise<void>((resolve) => (listened = resolve))
  listen = async () => {
    const client = await open()
    await client.query(`LISTEN ${changeChannel}`)
    listened()
    return client
  }
}
const changes = createChangeSignal(db, { listen, onError: (error) => process.stderr.write(`change signal: ${error.message}\n`) })
const dispatcher = createDispatcher({ db, webhooks, delivery: { concurrency: 8, poll_interval: '1s' }, log, metrics, changes })
dispatcher.start()
await listening

const writer = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'commit-process.ts'), where, url], { stdio: ['pipe', 'pipe', 'inherit'] })
const lines = createInterface({ input: writer.stdout! })[Symbol.asyncIterator]()
await lines.next() // ready

async function sample(commit: () => Promise<number>): Promise<number> {
  await sleep(120 + Math.random() * 80) // idle: between polls, at a random phase
  const receipt = new Promise<number>((resolve) => (arrived = resolve))
  const committedAt = await commit()
  return (await receipt) - committedAt
}

const inProcess: number[] = []
const crossProcess: number[] = []
for (let i = 0; i < samples; i++) {
  inProcess.push(await sample(async () => {
    const at = await commitOne(db, outbox, `in-${i}`)
    dispatcher.wake() // as the runner does after each employer's commit
    return at
  }))
  crossProcess.push(await sample(async () => {
    writer.stdin!.write(`cross-${i}\n`)
    return Number((await lines.next()).value)
  }))
}
writer.stdin!.end()
await dispatcher.stop()
await db.destroy()
await database?.drop()
receiver.close()
rmSync(dir, { recursive: true, force: true })

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? NaN
process.stdout.write(`${JSON.stringify({
  name: onPostgres ? 'idle latency on PostgreSQL' : 'idle latency', samples, pollMs: 1000,
  inProcessP50Ms: percentile(inProcess, 0.5), inProcessP99Ms: percentile(inProcess, 0.99),
  crossProcessP50Ms: percentile(crossProcess, 0.5), crossProcessP99Ms: percentile(crossProcess, 0.99),
})}\n`)

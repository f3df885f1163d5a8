/**
 * Benchmarks 2, 3 and 6: a full Loket.nl sync of N employees with 12 periods of payroll results
 * (`payroll_results_since` twelve months back) from the simulated Loket.nl at 20 ms latency per
 * request with `concurrency` 8, against the latency bound (requests × 20 ms ÷ 8); then an
 * incremental sync after 1% of the employments changed, and one after one payroll run was
 * approved (the next period plus a retroactive correction of January), each against the
 * full one. Runs the real connector, HTTP client and sync engine. One JSON line.
 */
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { connectionSchema } from '../config/schema.js'
import loket from '../connectors/loket/index.js'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { createRegistry } from '../core/registry.js'
import { createConnectionSpec } from '../core/connection-spec.js'
import { ensureConnections } from '../core/storage/connections.js'
import { openDatabase } from '../core/storage/open-database.js'
import { SyncRunner } from '../core/sync/sync-runner.js'
import { createHttpClient } from '../core/upstream/create-http-client.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const employees = Number(process.argv[2] ?? 10_000)
const latencyMs = 20
const concurrency = 8
const child = fork(join(import.meta.dirname, 'sandbox-process.ts'), [String(employees)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
const ask = async <T>(cmd: string): Promise<T> => {
  child.send({ cmd })
  return (await once(child, 'message'))[0] as T
}
const sandbox = (await once(child, 'message'))[0] as { apiBaseUrl: string; oauthBaseUrl: string; clientId: string; accessToken: string; employerId: string; employments: number }
const { accessToken, employerId } = sandbox
const tokens = { getAccessToken: async () => accessToken, refresh: async () => accessToken }
const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-'))
const db = await openDatabase({ path: join(dir, 'bench.db') })
const log = pino({ level: 'silent' })
const connection = createConnectionSpec(connectionSchema.parse({
  id: 'bench', connector: 'loket', employers: [employerId],
  settings: loket.settings.parse({
    api_base_url: sandbox.apiBaseUrl, oauth_base_url: sandbox.oauthBaseUrl, client_id: sandbox.clientId, concurrency, page_size: 1000,
    payroll_results_since: monthsBack(12),
  }),
}), loket)
await ensureConnections(db, [{ id: 'bench', connector: 'loket', initialStatus: 'ready' }])
const runner = new SyncRunner({
  db, outbox: { enqueue: async () => {} }, registry: createRegistry([loket]), connections: [connection], log,
  // The connection's one concurrency limit is the connector's (`connection.http.concurrency` is null for loket).
  httpFor: (spec, signal) => createHttpClient({ concurrency: spec.http.concurrency ?? undefined, timeoutMs: spec.http.timeoutMs, tokens, signal, log, userAgent: 'koppel-bench' }),
})
const apiRequests = async () => (await ask<{ count: number }>('count')).count
const sync = async (mode: 'full' | 'incremental') => {
  const before = await apiRequests()
  const started = performance.now()
  const { done } = await runner.trigger('bench', { trigger: 'cli', mode })
  const result = await done
  if (result.status !== 'succeeded') throw new Error(`${mode} run ${result.status}: ${JSON.stringify(result.error)}`)
  const ms = performance.now() - started
  return { ms, requests: (await apiRequests()) - before, mutations: result.mutations }
}

const full = await sync('full')
const stored = await db.selectFrom('records').select((eb) => [eb.fn.countAll<number>().as('results')])
  .where('entity', '=', 'payroll_result').executeTakeFirstOrThrow()
// Ids are `<employmentId>:<year>-<period>:<payslip type>`.
const resultIds = await db.selectFrom('records').select('id').where('entity', '=', 'payroll_result').execute()
const payrollPeriods = new Set(resultIds.map((row) => row.id.split(':').at(-2))).size
const { changed } = await ask<{ changed: number }>('raise')
const incremental = await sync('incremental')
const approved = await ask<{ year: number; periodNumber: number; corrected: boolean }>('approve')
const payrollIncremental = await sync('incremental')
await db.destroy()
child.send({ cmd: 'stop' })
rmSync(dir, { recursive: true, force: true })

const bound = (full.requests * latencyMs) / concurrency
process.stdout.write(`${JSON.stringify({
  name: 'loket fetch', employees, employments: sandbox.employments, latencyMs, concurrency,
  fullMs: full.ms, fullRequests: full.requests, latencyBoundMs: bound, fullRatio: full.ms / bound,
  changedEmployments: changed, incrementalMs: incremental.ms, incrementalRequests: incremental.requests, incrementalMutations: incremental.mutations,
  speedup: full.ms / incremental.ms,
  payrollResults: Number(stored.results), payrollPeriods, approvedPeriod: `${approved.year}-${String(approved.periodNumber).padStart(2, '0')}`,
  correctedJanuary: approved.corrected, payrollIncrementalMs: payrollIncremental.ms, payrollIncrementalRequests: payrollIncremental.requests,
  payrollIncrementalMutations: payrollIncremental.mutations, payrollSpeedup: full.ms / payrollIncremental.ms,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)

/** `YYYY-MM`, `months` before this month. */
function monthsBack(months: number): string {
  const now = new Date()
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}

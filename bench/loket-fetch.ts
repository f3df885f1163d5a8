/**
 * Benchmarks 2 and 3: a full Loket.nl sync of N employees from the simulated Loket.nl at
 * 20 ms latency per request with `concurrency` 8, against the latency bound
 * (requests × 20 ms ÷ 8); then an incremental sync after 1% of the employments changed,
 * against the full one. Runs the real connector, HTTP client and sync engine. One JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { connectionSchema } from '../config/schema.js'
import loket from '../connectors/loket/index.js'
import { startLoketSandbox } from '../connectors/loket/sandbox/index.js'
import { createRegistry } from '../core/registry.js'
import { ensureConnections } from '../core/storage/connections.js'
import { openDatabase } from '../core/storage/open-database.js'
import { SyncRunner } from '../core/sync/sync-runner.js'
import { createHttpClient } from '../core/upstream/create-http-client.js'

const employees = Number(process.argv[2] ?? 10_000)
const latencyMs = 20
const concurrency = 8
const sandbox = await startLoketSandbox({ seed: 6, employers: 1, employeesPerEmployer: employees, latencyMs, maxPageSize: 1000 })
const employerId = [...sandbox.data.employers.keys()][0]!
const { accessToken } = sandbox.oauth.issueTokens()
const tokens = { getAccessToken: async () => accessToken, refresh: async () => accessToken }
const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-'))
const db = await openDatabase({ path: join(dir, 'bench.db') })
const log = pino({ level: 'silent' })
const connection = connectionSchema.parse({
  id: 'bench', connector: 'loket', employers: [employerId],
  settings: loket.settings.parse({ api_base_url: sandbox.apiBaseUrl, oauth_base_url: sandbox.oauthBaseUrl, client_id: sandbox.oauth.clientId, concurrency, page_size: 1000 }),
})
await ensureConnections(db, [{ id: 'bench', connector: 'loket', initialStatus: 'ready' }])
const runner = new SyncRunner({
  db, outbox: { enqueue: async () => {} }, registry: createRegistry([loket]), connections: [connection], log,
  httpFor: (_, signal) => createHttpClient({ concurrency, timeoutMs: 30_000, tokens, signal, log, userAgent: 'koppel-bench' }),
})
const apiRequests = () => sandbox.requests.filter((r) => r.path.startsWith('/v2')).length
const sync = async (mode: 'full' | 'incremental') => {
  const before = apiRequests()
  const started = performance.now()
  const { done } = await runner.trigger('bench', { trigger: 'cli', mode })
  const result = await done
  if (result.status !== 'succeeded') throw new Error(`${mode} run ${result.status}: ${JSON.stringify(result.error)}`)
  return { ms: performance.now() - started, requests: apiRequests() - before, mutations: result.mutations }
}

const full = await sync('full')
const employments = [...sandbox.data.employments.values()].filter((e) => e.employment.endDate === null)
const changed = Math.max(1, Math.round(sandbox.data.employments.size / 100))
for (let i = 0; i < changed; i++) sandbox.raiseSalary(employments[Math.floor((i * employments.length) / changed)]!.employment.id, { percent: 2 })
const incremental = await sync('incremental')
await db.destroy()
await sandbox.close()
rmSync(dir, { recursive: true, force: true })

const bound = (full.requests * latencyMs) / concurrency
process.stdout.write(`${JSON.stringify({
  name: 'loket fetch', employees, employments: sandbox.data.employments.size, latencyMs, concurrency,
  fullMs: full.ms, fullRequests: full.requests, latencyBoundMs: bound, fullRatio: full.ms / bound,
  changedEmployments: changed, incrementalMs: incremental.ms, incrementalRequests: incremental.requests, incrementalMutations: incremental.mutations,
  speedup: full.ms / incremental.ms, peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)

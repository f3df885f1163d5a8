/**
 * `npm run bench [-- --quick] [-- --only=diff,fetch,…]`: every benchmark in its own process
 * (clean peak RSS), one report with each figure, its floor measured in the same run, the ratio
 * and the target; a JSON file under bench/results/ to compare commits. `--only` runs the named
 * rows (the JSON keys below; pgDiff, pgBaseline, pgDiffScaling, replicaDelivery, pgRecordsPaging and pgIdleLatency need the PostgreSQL server at KOPPEL_BENCH_PG_URL), e.g. to re-measure one figure on a quiet machine.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'

type Figures = Record<string, number | string | number[]>

const quick = process.argv.includes('--quick')
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',')
const sizes = quick
  ? { employees: 10_000, fetchEmployees: 300, deliveries: 3_000, payrollEmployees: 10_000, fileEmployees: 10_000, baselineEmployees: 10_000, scaling: '2000,10000,2000x12', idleSamples: 20, pagingRecords: 40_000, fanoutMutations: 1_000, pgEmployees: 5_000, pgPagingRecords: 40_000, pgIdleSamples: 20 }
  : { employees: 100_000, fetchEmployees: 10_000, deliveries: 20_000, payrollEmployees: 100_000, fileEmployees: 100_000, baselineEmployees: 400_000, scaling: '10000,100000,400000,100000x12', idleSamples: 100, pagingRecords: 400_000, fanoutMutations: 5_000, pgEmployees: 100_000, pgPagingRecords: 400_000, pgIdleSamples: 100 }
/** Payroll periods per employment in the diff+commit with payroll results (issue 13: 12 → about 1.6M records at 100k employees). */
const payrollPeriods = 12

function run(script: string, ...args: Array<number | string>): Figures {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args.map(String)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 })
  if (result.status !== 0) throw new Error(`${script} failed with exit code ${result.status}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Figures
}

const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform }
let commit = 'unknown'
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
} catch {
  // not a git checkout
}
process.stdout.write(`Koppel benchmarks${quick ? ' (quick)' : ''} at ${commit}: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}\n`)

const n = (value: number | string | number[] | undefined, digits = 0) => Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')

/** One row of the report: its JSON key, how it is measured, and how its figures read. */
interface Row {
  key: string
  measure: () => Figures
  report: (figures: Figures) => string[]
}

const rows: Row[] = [
  { key: 'diff', measure: () => run('diff-commit.ts', sizes.employees), report: (diff) => [`diff+commit, ${n(diff.records)} records, 1% changed: ${n(diff.diffMs)} ms (${n(diff.recordsPerSecond)} records/s; whole run ${n(diff.resyncMs)} ms incl. ${n(diff.sourceMs)} ms making source records) vs floor ${n(diff.floorMs)} ms = ${n(diff.ratio, 2)}x [target <= 1.5x: ${verdict(Number(diff.ratio) <= 1.5)}]; peak RSS ${n(diff.peakRssMb)} MB [target <= 300 MB: ${verdict(Number(diff.peakRssMb) <= 300)}]; baseline run ${n(diff.baselineMs)} ms`] },
  { key: 'fetch', measure: () => run('loket-fetch.ts', sizes.fetchEmployees), report: (fetch) => [`full fetch, ${n(fetch.employees)} employees with ${n(fetch.payrollPeriods)} periods of payroll results (${n(fetch.payrollResults)} results), ${n(fetch.fullRequests)} requests at ${fetch.latencyMs} ms, concurrency ${fetch.concurrency}: ${n(fetch.fullMs)} ms vs latency bound ${n(fetch.latencyBoundMs)} ms = ${n(fetch.fullRatio, 2)}x [target <= 1.3x: ${verdict(Number(fetch.fullRatio) <= 1.3)}]`, `incremental fetch after ${n(fetch.changedEmployments)} employments changed: ${n(fetch.incrementalMs)} ms, ${n(fetch.incrementalRequests)} requests vs full ${n(fetch.fullMs)} ms = ${n(fetch.speedup, 1)}x faster [target >= 20x: ${verdict(Number(fetch.speedup) >= 20)}]`, `incremental fetch after one approved payroll run (period ${fetch.approvedPeriod}${fetch.correctedJanuary ? ', correcting January' : ''}): ${n(fetch.payrollIncrementalMs)} ms, ${n(fetch.payrollIncrementalRequests)} requests, ${n(fetch.payrollIncrementalMutations)} mutations vs full ${n(fetch.fullMs)} ms = ${n(fetch.payrollSpeedup, 1)}x faster [target >= 20x: ${verdict(Number(fetch.payrollSpeedup) >= 20)}]`] },
  {
    key: 'pgDiff',
    measure: () => run('diff-commit-pg.ts', sizes.pgEmployees),
    report: (pgDiff) => [`diff+commit on PostgreSQL, ${n(pgDiff.records)} records, 1% changed: ${n(pgDiff.diffMs)} ms (${n(pgDiff.recordsPerSecond)} records/s; whole run ${n(pgDiff.resyncMs)} ms) vs raw pg floor ${n(pgDiff.floorMs)} ms = ${n(pgDiff.ratio, 2)}x [target <= 2.0x: ${verdict(Number(pgDiff.ratio) <= 2)}; the SQLite resync's <= 1.5x: ${verdict(Number(pgDiff.ratio) <= 1.5)}]; baseline run ${n(pgDiff.baselineMs)} ms`],
  },
  { key: 'delivery', measure: () => run('webhook-delivery.ts', sizes.deliveries), report: (delivery) => [`webhook delivery, ${n(delivery.count)} mutations at concurrency ${delivery.concurrency}, median of ${delivery.rounds} alternating rounds: ${n(delivery.perSecond)}/s vs raw POST loop ${n(delivery.floorPerSecond)}/s = ${n(delivery.ratio, 2)}x (rounds ${(delivery.ratios as number[]).map((r) => n(r, 2)).join(', ')}) [target >= 0.5x: ${verdict(Number(delivery.ratio) >= 0.5)}, >= 1,000/s: ${verdict(Number(delivery.perSecond) >= 1000)}]; commit-to-receipt p50 ${n(delivery.p50Ms)} ms, p99 ${n(delivery.p99Ms)} ms`] },
  {
    key: 'replicaDelivery',
    measure: () => run('webhook-delivery-replicas.ts', sizes.deliveries),
    report: (r) => [`webhook delivery on PostgreSQL, ${n(r.count)} mutations at concurrency ${r.concurrency} per replica, median of ${r.rounds} alternating rounds: 3 replicas ${n(r.threePerSecond)}/s vs 1 replica ${n(r.onePerSecond)}/s = ${n(r.ratio, 2)}x (rounds ${(r.ratios as number[]).map((x) => n(x, 2)).join(', ')}) [target >= 0.8x: ${verdict(Number(r.ratio) >= 0.8)}]; duplicates ${n(r.duplicates)}, missing ${n(r.missing)} [target 0: ${verdict(Number(r.duplicates) === 0 && Number(r.missing) === 0)}] (${n(r.requests)} POSTs for ${n(r.attempts)} stored attempts, failed attempts ${JSON.stringify(r.failedAttempts)}); 1 replica vs raw POST loop ${n(r.floorPerSecond)}/s = ${n(r.oneVsFloor, 2)}x`],
  },
  { key: 'payrollDiff', measure: () => run('diff-commit.ts', sizes.payrollEmployees, payrollPeriods), report: (payrollDiff) => [`diff+commit with payroll results, ${n(payrollDiff.employees)} employees x ${payrollDiff.payrollPeriods} periods = ${n(payrollDiff.records)} records, 1% of employees changed: ${n(payrollDiff.diffMs)} ms (${n(payrollDiff.recordsPerSecond)} records/s; whole run ${n(payrollDiff.resyncMs)} ms incl. ${n(payrollDiff.sourceMs)} ms making source records) vs floor ${n(payrollDiff.floorMs)} ms = ${n(payrollDiff.ratio, 2)}x [target <= 2.0x: ${verdict(Number(payrollDiff.ratio) <= 2)}]; peak RSS ${n(payrollDiff.peakRssMb)} MB [target <= 300 MB: ${verdict(Number(payrollDiff.peakRssMb) <= 300)}]; baseline run ${n(payrollDiff.baselineMs)} ms`] },
  { key: 'files', measure: () => run('file-connector.ts', sizes.fileEmployees), report: (files) => [`file connector, ${n(files.employees)} employees in a ${n(Number(files.bytes) / 1048576, 1)} MB wide CSV (${n(files.records)} records) through generic into a fresh database: ${n(files.genericMs)} ms vs reading and parsing it alone ${n(files.floorMs)} ms + diff+commit of the same records ${n(files.diffCommitMs)} ms: (generic - diff+commit) / floor = ${n(files.ratio, 2)}x [target <= 2.0x: ${verdict(Number(files.ratio) <= 2)}]; peak RSS ${n(files.peakRssMb)} MB`] },
  {
    key: 'baseline',
    measure: () => run('baseline.ts', sizes.baselineEmployees),
    report: (baseline) => [`first sync (baseline), ${n(baseline.records)} records: ${n(baseline.ms)} ms (${n(baseline.recordsPerSecond)} records/s) vs raw insert floor ${n(baseline.floorMs)} ms = ${n(baseline.ratio, 2)}x [target <= 3.0x: ${verdict(Number(baseline.ratio) <= 3)}]; file ${n(Number(baseline.fileBytes) / 1e6)} MB for ${n(Number(baseline.dataBytes) / 1e6)} MB of tables and indexes = ${n(baseline.fileRatio, 2)}x [target <= 1.2x: ${verdict(Number(baseline.fileRatio) <= 1.2)}]`],
  },
  {
    key: 'pgBaseline',
    measure: () => run('baseline-pg.ts', sizes.pgEmployees),
    report: (b) => [`first sync (baseline) on PostgreSQL, ${n(b.records)} records: ${n(b.ms)} ms (${n(b.recordsPerSecond)} records/s) vs raw pg insert floor ${n(b.floorMs)} ms = ${n(b.ratio, 2)}x [target <= 3.0x: ${verdict(Number(b.ratio) <= 3)}]; database ${n(Number(b.databaseBytes) / 1e6)} MB (floor's ${n(Number(b.floorDatabaseBytes) / 1e6)} MB), records with indexes ${n(Number(b.dataBytes) / 1e6)} MB`],
  },
  {
    key: 'diffScaling',
    measure: () => run('diff-scaling.ts', sizes.scaling),
    report: (figures) => {
      const diffScaling = figures.entries as unknown as Array<Record<string, number>>
      return [`diff+commit scaling, one process per resync:`, ...diffScaling.map((e) => `   ${n(e.employees)} employees${e.payrollPeriods ? ` x ${e.payrollPeriods} payroll periods` : ''} (${n(e.records)} records), ${e.changedPercent}% changed: ${n(e.ms)} ms, ${n(e.recordsPerSecond)} records/s, peak RSS ${n(e.peakRssMb)} MB [target <= 300 MB: ${verdict(e.peakRssMb! <= 300)}]`)]
    },
  },
  {
    key: 'pgDiffScaling',
    measure: () => run('diff-scaling.ts', sizes.scaling, 'postgres'),
    report: (figures) => {
      const diffScaling = figures.entries as unknown as Array<Record<string, number>>
      return [`diff+commit scaling on PostgreSQL, one process per resync:`, ...diffScaling.map((e) => `   ${n(e.employees)} employees${e.payrollPeriods ? ` x ${e.payrollPeriods} payroll periods` : ''} (${n(e.records)} records), ${e.changedPercent}% changed: ${n(e.ms)} ms, ${n(e.recordsPerSecond)} records/s, peak RSS ${n(e.peakRssMb)} MB [target <= 300 MB: ${verdict(e.peakRssMb! <= 300)}]`)]
    },
  },
  { key: 'idleLatency', measure: () => run('idle-latency.ts', sizes.idleSamples), report: (idleLatency) => [`idle dispatcher (poll ${n(idleLatency.pollMs)} ms), ${n(idleLatency.samples)} single commits each: commit-to-receipt in-process p50 ${n(idleLatency.inProcessP50Ms, 1)} ms, p99 ${n(idleLatency.inProcessP99Ms, 1)} ms; from another process p50 ${n(idleLatency.crossProcessP50Ms, 1)} ms, p99 ${n(idleLatency.crossProcessP99Ms, 1)} ms [target p99 < 100 ms: ${verdict(Number(idleLatency.crossProcessP99Ms) < 100)}]`] },
  {
    key: 'pgIdleLatency',
    measure: () => run('idle-latency.ts', sizes.pgIdleSamples, 'postgres'),
    report: (l) => [`idle dispatcher on PostgreSQL (poll ${n(l.pollMs)} ms), ${n(l.samples)} single commits each: commit-to-receipt in-process p50 ${n(l.inProcessP50Ms, 1)} ms, p99 ${n(l.inProcessP99Ms, 1)} ms; from another process p50 ${n(l.crossProcessP50Ms, 1)} ms, p99 ${n(l.crossProcessP99Ms, 1)} ms [target p99 < 100 ms: ${verdict(Number(l.crossProcessP99Ms) < 100)}]`],
  },
  { key: 'recordsPaging', measure: () => run('records-paging.ts', sizes.pagingRecords), report: (recordsPaging) => [`records paging, ${n(recordsPaging.records)} records, limit ${recordsPaging.limit}, no connection=: first page p50 ${n(recordsPaging.firstPageMs, 1)} ms, last page p50 ${n(recordsPaging.lastPageMs, 1)} ms [target <= 5 ms: ${verdict(Math.max(Number(recordsPaging.firstPageMs), Number(recordsPaging.lastPageMs)) <= 5)}] (raw statement floor ${n(recordsPaging.floorMs, 1)} ms; connection= first ${n(recordsPaging.connectionFirstPageMs, 1)} ms, last ${n(recordsPaging.connectionLastPageMs, 1)} ms); full walk ${n(recordsPaging.walkMs)} ms in ${n(recordsPaging.pages)} pages`] },
  {
    key: 'pgRecordsPaging',
    measure: () => run('records-paging-pg.ts', sizes.pgPagingRecords),
    report: (p) => [`records paging on PostgreSQL, ${n(p.records)} records, limit ${p.limit}, no connection=: first page p50 ${n(p.firstPageMs, 1)} ms, last page p50 ${n(p.lastPageMs, 1)} ms [target <= 5 ms: ${verdict(Math.max(Number(p.firstPageMs), Number(p.lastPageMs)) <= 5)}] (raw pg statement floor ${n(p.floorMs, 1)} ms; connection= first ${n(p.connectionFirstPageMs, 1)} ms, last ${n(p.connectionLastPageMs, 1)} ms); full walk ${n(p.walkMs)} ms in ${n(p.pages)} pages`],
  },
  { key: 'fanout', measure: () => run('webhook-fanout.ts', sizes.fanoutMutations), report: (fanout) => [`webhook fan-out, ${n(fanout.count)} mutations at concurrency ${fanout.concurrency}, median of ${fanout.rounds} alternating rounds: 5 subscriptions ${n(fanout.fivePerSecond)}/s vs 1 subscription ${n(fanout.onePerSecond)}/s = ${n(fanout.ratio, 2)}x (rounds ${(fanout.ratios as number[]).map((r) => n(r, 2)).join(', ')}) [target >= 0.9x: ${verdict(Number(fanout.ratio) >= 0.9)}]; a healthy subscription beside a stalled one ${n(fanout.stalledPerSecond)}/s = ${n(fanout.stalledRatio, 2)}x of alone (rounds ${(fanout.stalledRatios as number[]).map((r) => n(r, 2)).join(', ')}) [target >= 0.9x: ${verdict(Number(fanout.stalledRatio) >= 0.9)}]`] },
]

const results: Record<string, Figures | unknown> = {}
let number = 0
for (const row of rows) {
  if (only && !only.includes(row.key)) continue
  const figures = row.measure()
  results[row.key] = row.key === 'diffScaling' || row.key === 'pgDiffScaling' ? figures.entries : figures
  for (const line of row.report(figures)) process.stdout.write(`${line.startsWith(' ') ? line : `${++number}. ${line}`}\n`)
}

const dir = join(import.meta.dirname, 'results')
mkdirSync(dir, { recursive: true })
const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}-${commit}${quick ? '-quick' : ''}.json`)
writeFileSync(file, `${JSON.stringify({ commit, quick, only: only ?? null, machine, at: new Date().toISOString(), results }, null, 2)}\n`)
process.stdout.write(`written to ${file}\n`)

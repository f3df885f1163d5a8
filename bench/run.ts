/**
 * `npm run bench [-- --quick]`: every benchmark in its own process (clean peak RSS), one
 * report with each figure, its floor measured in the same run, the ratio and the target; a
 * JSON file under bench/results/ to compare commits.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'

const quick = process.argv.includes('--quick')
const sizes = quick
  ? { employees: 10_000, fetchEmployees: 300, deliveries: 3_000, pagingRecords: 40_000, fanoutMutations: 1_000 }
  : { employees: 100_000, fetchEmployees: 10_000, deliveries: 20_000, pagingRecords: 400_000, fanoutMutations: 5_000 }

function run(script: string, size: number): Record<string, number | string | number[]> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), String(size)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 })
  if (result.status !== 0) throw new Error(`${script} failed with exit code ${result.status}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, number | string | number[]>
}

const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform }
let commit = 'unknown'
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
} catch {
  // not a git checkout
}
process.stdout.write(`Koppel benchmarks${quick ? ' (quick)' : ''} at ${commit}: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}\n`)

const diff = run('diff-commit.ts', sizes.employees)
const fetch = run('loket-fetch.ts', sizes.fetchEmployees)
const delivery = run('webhook-delivery.ts', sizes.deliveries)
const recordsPaging = run('records-paging.ts', sizes.pagingRecords)
const fanout = run('webhook-fanout.ts', sizes.fanoutMutations)

const n = (value: number | string | number[] | undefined, digits = 0) => Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')
const lines = [
  `1. diff+commit, ${n(diff.records)} records, 1% changed: ${n(diff.diffMs)} ms (${n(diff.recordsPerSecond)} records/s; whole run ${n(diff.resyncMs)} ms incl. ${n(diff.sourceMs)} ms making source records) vs floor ${n(diff.floorMs)} ms = ${n(diff.ratio, 2)}x [target <= 2.0x: ${verdict(Number(diff.ratio) <= 2)}]; peak RSS ${n(diff.peakRssMb)} MB [target <= 300 MB: ${verdict(Number(diff.peakRssMb) <= 300)}]; baseline run ${n(diff.baselineMs)} ms`,
  `2. full fetch, ${n(fetch.employees)} employees, ${n(fetch.fullRequests)} requests at ${fetch.latencyMs} ms, concurrency ${fetch.concurrency}: ${n(fetch.fullMs)} ms vs latency bound ${n(fetch.latencyBoundMs)} ms = ${n(fetch.fullRatio, 2)}x [target <= 1.3x: ${verdict(Number(fetch.fullRatio) <= 1.3)}]`,
  `3. incremental fetch after ${n(fetch.changedEmployments)} employments changed: ${n(fetch.incrementalMs)} ms, ${n(fetch.incrementalRequests)} requests vs full ${n(fetch.fullMs)} ms = ${n(fetch.speedup, 1)}x faster [target >= 20x: ${verdict(Number(fetch.speedup) >= 20)}]`,
  `4. webhook delivery, ${n(delivery.count)} mutations at concurrency ${delivery.concurrency}, median of ${delivery.rounds} alternating rounds: ${n(delivery.perSecond)}/s vs raw POST loop ${n(delivery.floorPerSecond)}/s = ${n(delivery.ratio, 2)}x (rounds ${(delivery.ratios as number[]).map((r) => n(r, 2)).join(', ')}) [target >= 0.5x: ${verdict(Number(delivery.ratio) >= 0.5)}, >= 1,000/s: ${verdict(Number(delivery.perSecond) >= 1000)}]; commit-to-receipt p50 ${n(delivery.p50Ms)} ms, p99 ${n(delivery.p99Ms)} ms`,
  `5. records paging, ${n(recordsPaging.records)} records, limit ${recordsPaging.limit}, no connection=: first page p50 ${n(recordsPaging.firstPageMs, 1)} ms, last page p50 ${n(recordsPaging.lastPageMs, 1)} ms [target <= 5 ms: ${verdict(Math.max(Number(recordsPaging.firstPageMs), Number(recordsPaging.lastPageMs)) <= 5)}] (raw statement floor ${n(recordsPaging.floorMs, 1)} ms; connection= first ${n(recordsPaging.connectionFirstPageMs, 1)} ms, last ${n(recordsPaging.connectionLastPageMs, 1)} ms); full walk ${n(recordsPaging.walkMs)} ms in ${n(recordsPaging.pages)} pages`,
  `6. webhook fan-out, ${n(fanout.count)} mutations at concurrency ${fanout.concurrency}, median of ${fanout.rounds} alternating rounds: 5 subscriptions ${n(fanout.fivePerSecond)}/s vs 1 subscription ${n(fanout.onePerSecond)}/s = ${n(fanout.ratio, 2)}x (rounds ${(fanout.ratios as number[]).map((r) => n(r, 2)).join(', ')}) [target >= 0.9x: ${verdict(Number(fanout.ratio) >= 0.9)}]; a healthy subscription beside a stalled one ${n(fanout.stalledPerSecond)}/s = ${n(fanout.stalledRatio, 2)}x of alone (rounds ${(fanout.stalledRatios as number[]).map((r) => n(r, 2)).join(', ')}) [target >= 0.9x: ${verdict(Number(fanout.stalledRatio) >= 0.9)}]`,
]
process.stdout.write(`${lines.join('\n')}\n`)

const dir = join(import.meta.dirname, 'results')
mkdirSync(dir, { recursive: true })
const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}-${commit}${quick ? '-quick' : ''}.json`)
writeFileSync(file, `${JSON.stringify({ commit, quick, machine, at: new Date().toISOString(), results: { diff, fetch, delivery, recordsPaging, fanout } }, null, 2)}\n`)
process.stdout.write(`written to ${file}\n`)

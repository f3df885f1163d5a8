/**
 * The diff+commit scaling sweep: for each size a baseline file, then for each change ratio a
 * copy of it and one resync in its own process (its peak RSS is the resync's alone, not the
 * baseline's, nor another entry's). Time excludes the synthetic source's time making records.
 * `diff-scaling.ts 10000,100000,400000` prints one JSON line: `{ entries: [...] }`.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const sizes = (process.argv[2] ?? '10000,100000,400000').split(',').map(Number)
const percents = [0, 1, 30]

function entry(args: string[]): Record<string, number | string> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'diff-scaling-run.ts'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (result.status !== 0) throw new Error(`diff-scaling-run ${args.join(' ')} failed with exit code ${result.status}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, number | string>
}

const entries: Array<Record<string, number | string>> = []
for (const employees of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-scaling-'))
  try {
    const baseline = join(dir, 'baseline.db')
    entry(['baseline', String(employees), baseline])
    for (const percent of percents) {
      const path = join(dir, `resync-${percent}.db`)
      copyFileSync(baseline, path)
      const { ms, recordsPerSecond, peakRssMb, records, mutations } = entry(['resync', String(employees), path, String(percent)])
      entries.push({ employees, records: records!, changedPercent: percent, ms: ms!, recordsPerSecond: recordsPerSecond!, peakRssMb: peakRssMb!, mutations: mutations! })
      rmSync(path, { force: true })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
process.stdout.write(`${JSON.stringify({ name: 'diff scaling', entries })}\n`)

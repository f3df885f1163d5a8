/**
 * Benchmark 5: a file connector. A wide CSV of `employees` employees (each row an employee,
 * its employment, hours and wage: 4 records) through `generic` from a drop folder into a
 * fresh SQLite file, against two figures of the same run: the floor, reading and parsing the
 * same file alone (createReadStream + csv-parse, counting rows), and the diff+commit cost,
 * the same records (read beforehand) yielded from memory by a connector into another fresh
 * file. Target: generic ≤ 2.0 × floor + diff+commit. Both runs are made in processes of their
 * own (`file-connector-run.ts`): neither pays for the other's garbage, and the peak RSS is
 * the generic run's alone (the diff+commit run holds every record in memory first). Prints
 * one JSON line.
 */
import { spawnSync } from 'node:child_process'
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse'

const employees = Number(process.argv[2] ?? 100_000)
const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-files-'))
const drop = join(dir, 'drop')
mkdirSync(drop)
const file = join(drop, 'employees-1.csv')

// A BSN passing the 11-test for each employee: 8 digits from n, the 9th solved (n where it cannot be solved gets none).
const bsnOf = (n: number): string => {
  const digits = String(10_000_000 + n).slice(-8)
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i)
  const last = sum % 11
  return last < 10 ? `${digits}${last}` : ''
}
const header = 'employee_number,bsn,initials,first_name,prefix,last_name,date_of_birth,gender,street,house_number,postal_code,city,country_code,email,employment_start_date,contract_type,job_title,hours_per_week,full_time_hours_per_week,gross_amount,wage_period'
{
  const lines = [header]
  for (let n = 0; n < employees; n++) {
    lines.push(`E${n},${bsnOf(n)},J.,Jan${n},van,"Vries, ${n}",${String(1 + (n % 28)).padStart(2, '0')}-0${1 + (n % 9)}-19${50 + (n % 50)},${n % 2 ? 'M' : 'V'},Dorpsstraat,${n % 200},${1000 + (n % 9000)} AB,Utrecht,NL,e${n}@example.nl,2020-01-01,onbepaald,Medewerker,"32,0",40,"3.${String(n % 1000).padStart(3, '0')},50",maand`)
  }
  writeFileSync(file, `${lines.join('\n')}\n`)
}
const bytes = statSync(file).size

// The floor: read and parse the file alone.
const floorStarted = performance.now()
let rows = 0
for await (const _record of createReadStream(file).pipe(parse({ delimiter: ',', bom: true, relax_column_count: true, skip_empty_lines: true, info: true }))) rows++
const floorMs = performance.now() - floorStarted

function runOnce(mode: 'generic' | 'memory'): { ms: number; counts: unknown; peakRssMb: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'file-connector-run.ts'), mode, file, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (result.status !== 0) throw new Error(`file-connector-run ${mode} failed with exit code ${result.status}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { ms: number; counts: unknown; peakRssMb: number }
}

const diffCommit = runOnce('memory')
const through = runOnce('generic')
rmSync(dir, { recursive: true, force: true })

const budgetMs = 2 * floorMs + diffCommit.ms
process.stdout.write(`${JSON.stringify({
  name: 'file connector', employees, records: employees * 4, bytes, rows, floorMs, diffCommitMs: diffCommit.ms, genericMs: through.ms,
  budgetMs, ratio: (through.ms - diffCommit.ms) / floorMs, met: through.ms <= budgetMs ? 1 : 0, counts: through.counts,
  peakRssMb: through.peakRssMb, diffCommitPeakRssMb: diffCommit.peakRssMb,
})}\n`)

/**
 * Benchmark 5: a file connector. A wide CSV of `employees` employees (each row an employee,
 * its employment, hours and wage: 4 records) through `generic` from a drop folder into a
 * fresh SQLite file, against two figures of the same run: the floor, reading and parsing the
 * same file alone (createReadStream + csv-parse, counting rows), and the diff+commit cost,
 * the same records (read beforehand) yielded from memory by a connector into another fresh
 * file. Target: generic ≤ 2.0 × floor + diff+commit. Prints one JSON line.
 */
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse'
import { pino } from 'pino'
import { connectionSchema } from '../config/schema.js'
import generic from '../connectors/generic/index.js'
import { mergeMapping } from '../connectors/files/mapping.js'
import { presetOf } from '../connectors/files/presets/index.js'
import { readFileRecords, type FileSummary } from '../connectors/files/read-file-records.js'
import { createConnectionSpec } from '../core/connection-spec.js'
import { defineConnector, type ConnectorDefinition, type HttpClient } from '../core/connector.js'
import type { CanonicalRecord } from '../core/model/index.js'
import { createRegistry } from '../core/registry.js'
import { ensureConnections } from '../core/storage/connections.js'
import { openDatabase } from '../core/storage/open-database.js'
import { SyncRunner } from '../core/sync/sync-runner.js'
import { z } from 'zod'

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
const lines = [header]
for (let n = 0; n < employees; n++) {
  lines.push(`E${n},${bsnOf(n)},J.,Jan${n},van,"Vries, ${n}",${String(1 + (n % 28)).padStart(2, '0')}-0${1 + (n % 9)}-19${50 + (n % 50)},${n % 2 ? 'M' : 'V'},Dorpsstraat,${n % 200},${1000 + (n % 9000)} AB,Utrecht,NL,e${n}@example.nl,2020-01-01,onbepaald,Medewerker,"32,0",40,"3.${String(n % 1000).padStart(3, '0')},50",maand`)
}
writeFileSync(file, `${lines.join('\n')}\n`)
const bytes = statSync(file).size

// The floor: read and parse the file alone.
const floorStarted = performance.now()
let rows = 0
for await (const _record of createReadStream(file).pipe(parse({ delimiter: ',', bom: true, relax_column_count: true, skip_empty_lines: true, info: true }))) rows++
const floorMs = performance.now() - floorStarted

const settings = generic.settings.parse({ directory: drop, settle_seconds: 0 })
async function syncOnce(connector: ConnectorDefinition, connectionSettings: unknown, name: string): Promise<{ ms: number; counts: unknown }> {
  const db = await openDatabase({ path: join(dir, `${name}.db`) })
  const connection = createConnectionSpec(connectionSchema.parse({ id: 'bench', connector: connector.id, employers: ['er-1'], settings: connectionSettings }), connector)
  await ensureConnections(db, [{ id: 'bench', connector: connector.id, initialStatus: 'ready' }])
  const runner = new SyncRunner({
    db, outbox: { enqueue: async () => {} }, registry: createRegistry([connector]), connections: [connection], log: pino({ level: 'silent' }),
    httpFor: () => ({}) as HttpClient,
  })
  const started = performance.now()
  const { done } = await runner.trigger('bench', { trigger: 'cli' })
  const result = await done
  const ms = performance.now() - started
  await db.destroy()
  if (result.status !== 'succeeded') throw new Error(`${name} run ${result.status}: ${JSON.stringify(result.error)}`)
  return { ms, counts: result.counts.employee }
}

// The diff+commit cost: the same records, read beforehand, from memory.
const pages: CanonicalRecord[][] = []
const summary: FileSummary = { plan: null, rows: 0, unidentified: new Set() }
const info = statSync(file)
for await (const batch of readFileRecords({
  file: { name: 'employees-1.csv', path: file, size: info.size, mtimeMs: info.mtimeMs }, settings,
  mappings: mergeMapping(presetOf(settings.preset), settings.mapping), employer: { ref: 'er-1', id: 'er-1' }, summary,
})) {
  if (batch.errors.length > 0) throw new Error(`bench file has ${batch.errors.length} invalid rows in a batch`)
  pages.push(batch.records)
}
const memory = defineConnector({
  id: 'memory', displayName: 'Memory', status: 'beta', apiVersion: 1, settings: z.strictObject({}), auth: { kind: 'none' },
  partialReads: generic.partialReads,
  async *fetch(ctx) {
    yield { type: 'records', items: [{ entity: 'employer', record: { id: ctx.employer.id, employerId: ctx.employer.id, number: ctx.employer.ref, name: null, chamberOfCommerceNumber: null, payrollTaxNumber: null } }] }
    for (const items of pages) yield { type: 'records', items }
  },
  normalize: (page) => [...(page.items as CanonicalRecord[])],
})
const diffCommit = await syncOnce(memory, {}, 'memory')
pages.length = 0

const through = await syncOnce(generic as ConnectorDefinition, settings, 'generic')
const peakRssMb = process.resourceUsage().maxRSS / 1024
rmSync(dir, { recursive: true, force: true })

const budgetMs = 2 * floorMs + diffCommit.ms
process.stdout.write(`${JSON.stringify({
  name: 'file connector', employees, records: employees * 4, bytes, rows, floorMs, diffCommitMs: diffCommit.ms, genericMs: through.ms,
  budgetMs, ratio: (through.ms - diffCommit.ms) / floorMs, met: through.ms <= budgetMs ? 1 : 0, counts: through.counts, peakRssMb,
})}\n`)

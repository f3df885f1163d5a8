import { Session } from 'node:inspector/promises'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../core/storage/open-database.js'
import { syntheticSync } from '../bench/synthetic-sync.js'

const employees = Number(process.argv[2] ?? 100_000)
const periods = Number(process.argv[3] ?? 12)
const dir = mkdtempSync(join(tmpdir(), 'koppel-prof-'))
const db = await openDatabase({ path: join(dir, 'p.db') })
const { state, sync } = await syntheticSync(db, { employees, payrollPeriods: periods })
await sync()
state.changedEvery = 100
const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 200 })
await session.post('Profiler.start')
const r = await sync()
const { profile } = await session.post('Profiler.stop')
writeFileSync('/tmp/scal/payroll.cpuprofile', JSON.stringify(profile))
console.log(JSON.stringify(r), process.resourceUsage().maxRSS / 1024)
await db.destroy()

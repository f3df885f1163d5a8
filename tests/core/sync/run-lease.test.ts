import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { claimRun } from '../../../core/storage/claim-run.js'
import { openDatabase, type Db } from '../../../core/storage/open-database.js'
import { failExpiredRuns } from '../../../core/storage/run-lease.js'
import { leaseRunner } from '../../helpers/lease-runner.js'
import { onPostgres, openStorage, testStorage } from '../../helpers/test-database.js'

const repoRoot = resolve(import.meta.dirname, '../../..')
let dir: string
const opened: Db[] = []
const children: ReturnType<typeof spawn>[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'koppel-lease-'))
})
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  for (const db of opened.splice(0)) await db.destroy()
  rmSync(dir, { recursive: true, force: true })
})

async function open(): Promise<Db> {
  const db = await openDatabase({ path: join(dir, 'koppel.db') })
  opened.push(db)
  return db
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const runRow = (db: Db, id: string) => db.selectFrom('runs').select(['status', 'error_code', 'lease_until']).where('id', '=', id).executeTakeFirstOrThrow()

describe('run lease (DESIGN §10)', () => {
  it('a run of a process killed with SIGKILL fails with lease_expired once its lease runs out, and another process can run', async () => {
    const db = await open()
    const leaseMs = 1500
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/core/sync/run-lease-child.ts', join(dir, 'koppel.db'), String(leaseMs)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(child)
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const deadline = Date.now() + 30_000
    while (!/running (run_\S+)\n/.test(out) && Date.now() < deadline) await sleep(20)
    const runId = /running (run_\S+)\n/.exec(out)![1]!
    // Alive: the child renews its lease, so the connection stays taken past one lease.
    await sleep(leaseMs * 1.5)
    const { runner } = await leaseRunner(db, { runLeaseMs: leaseMs })
    await expect(runner.trigger('acme', { trigger: 'api' })).rejects.toMatchObject({ code: 'run_in_progress' })
    expect((await runRow(db, runId)).status).toBe('running')

    child.kill('SIGKILL')
    const killedAt = Date.now()
    await new Promise((r) => child.once('exit', r))
    // Within one lease of the kill the connection is free again.
    let started: Awaited<ReturnType<typeof runner.trigger>> | undefined
    while (!started) {
      try {
        started = await runner.trigger('acme', { trigger: 'api' })
      } catch (error) {
        expect(error).toMatchObject({ code: 'run_in_progress' })
        expect(Date.now() - killedAt).toBeLessThan(leaseMs + 1000)
        await sleep(50)
      }
    }
    expect(await runRow(db, runId)).toMatchObject({ status: 'failed', error_code: 'lease_expired' })
    expect((await started.done).status).toBe('succeeded')
    expect(await db.selectFrom('staged_records').select('run_id').where('run_id', '=', runId).execute()).toEqual([])
  }, 60_000)

  it('renews the lease of a run that takes longer than several leases', async () => {
    const db = await open()
    const { runner } = await leaseRunner(db, { runLeaseMs: 300, delayMs: 100, employees: 12 })
    const { runId, done } = await runner.trigger('acme', { trigger: 'api' })
    await sleep(700)
    expect(await failExpiredRuns(db)).toEqual([])
    const other = await leaseRunner(await open(), { runLeaseMs: 300 })
    await expect(other.runner.trigger('acme', { trigger: 'api' })).rejects.toMatchObject({ code: 'run_in_progress' })
    expect((await done).status).toBe('succeeded')
    expect((await runRow(db, runId)).status).toBe('succeeded')
  })

  // PostgreSQL: a sweep of another process waits for the run's row lock without stopping this
  // process (SQLite's busy wait would hold this process's event loop, the commit's too).
  it.runIf(onPostgres)("keeps the lease of a run whose employer's commit takes longer than several leases (a large apply)", async () => {
    const storage = await testStorage()
    const db = await openStorage(storage)
    const other = await openStorage(storage) // another process's sweep of expired leases
    opened.push(db, other)
    const leaseMs = 400
    let sweep: Promise<string[]> | undefined
    const slowCommit = {
      // Inside the apply transaction: the sweep waits for it, and looks when the commit is done.
      async enqueue() {
        sweep = failExpiredRuns(other, { now: Date.now() + leaseMs * 3 + 100 })
        await sleep(leaseMs * 3)
      },
    }
    const { runner } = await leaseRunner(db, { runLeaseMs: leaseMs, outbox: slowCommit, employers: ['er-1', 'er-2'] })
    const { runId, done } = await runner.trigger('acme', { trigger: 'api' })
    const run = await done
    expect(await sweep).toEqual([])
    expect(run.status).toBe('succeeded')
    expect(run.employers.map((employer) => employer.status)).toEqual(['succeeded', 'succeeded'])
    expect((await runRow(db, runId)).status).toBe('succeeded')
    expect(await db.selectFrom('records').select('id').execute()).toHaveLength(5)
  })

  it('a run that lost its lease commits nothing and leaves the lease_expired outcome in place', async () => {
    const db = await open()
    const { runner } = await leaseRunner(db, { runLeaseMs: 60_000, delayMs: 50, employees: 6 })
    const { runId, done } = await runner.trigger('acme', { trigger: 'api' })
    await sleep(100)
    // Another process decides the lease ran out (this one stalled past it) and takes over.
    await db.updateTable('runs').set({ lease_until: new Date(Date.now() - 1).toISOString() }).where('id', '=', runId).execute()
    await claimRun(await open(), { id: 'run_takeover', connectionId: 'acme', mode: 'full', trigger: 'api', force: false, counts: {} })
    const result = await done
    expect(result.status).toBe('failed')
    expect(result.error?.code).toBe('lease_expired')
    expect(await runRow(db, runId)).toMatchObject({ status: 'failed', error_code: 'lease_expired' })
    expect(await db.selectFrom('mutations').select('id').execute()).toEqual([])
    expect(await db.selectFrom('records').select('id').execute()).toEqual([])
  })
})

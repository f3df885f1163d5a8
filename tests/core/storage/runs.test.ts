import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { hostname } from 'node:os'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Db } from '../../../core/storage/open-database.js'
import { failStaleRuns, runOwner } from '../../../core/storage/runs.js'
import { openTestDatabase } from '../../helpers/test-database.js'

/** A lease that ran out this long ago (the run's process stopped renewing it). */
const expiredMs = 1000

let db: Db
const children: ReturnType<typeof spawn>[] = []
beforeEach(async () => {
  db = await openTestDatabase()
})
afterEach(async () => {
  for (const child of children.splice(0)) child.kill()
  await db.destroy()
})

// One connection per run: the database admits one running run per connection (0006).
async function running(id: string, owner: string | null, leaseLeftMs = 30_000) {
  const at = new Date(Date.now() - 1000).toISOString()
  const leaseUntil = new Date(Date.now() + leaseLeftMs).toISOString()
  await db.insertInto('runs').values({
    id, connection_id: `acme-${id}`, status: 'running', mode: 'full', trigger: 'cli', force: 0, started_at: at, finished_at: null,
    counts: '{}', employers: '[]', error_code: null, error_message: null, heartbeat_at: at, owner, lease_until: leaseUntil,
  }).execute()
  await db.insertInto('staged_records').values({ run_id: id, employer_id: 'er-1', position: 0, entity: 'employee', id: 'e1', hash: 'h', data: '{}', existed: 0 }).execute()
}

const statuses = async () => Object.fromEntries((await db.selectFrom('runs').select(['id', 'status']).orderBy('id').execute()).map((r) => [r.id, r.status]))
const stagedRuns = async () => (await db.selectFrom('staged_records').select('run_id').orderBy('run_id').execute()).map((r) => r.run_id)

describe('failStaleRuns', () => {
  it('at server start fails runs whose process is gone and keeps a CLI run that is still going', async () => {
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    children.push(alive)
    const exited = spawn(process.execPath, ['-e', ''])
    await once(exited, 'exit')
    // A zombie: `true` exits, and the `sleep` that replaced its parent shell never reaps it.
    const zombieParent = spawn('sh', ['-c', 'true & echo $!; exec sleep 30'])
    children.push(zombieParent)
    const [zombiePid] = (await once(zombieParent.stdout!, 'data')) as [Buffer]
    await new Promise((resolve) => setTimeout(resolve, 100))
    await running('a-cli-alive', `${hostname()}:${alive.pid}`)
    await running('b-dead-pid', `${hostname()}:${exited.pid}`)
    await running('c-previous-incarnation', runOwner)
    await running('d-no-owner', null)
    await running('g-zombie', `${hostname()}:${zombiePid.toString().trim()}`)
    await running('e-other-host-fresh', 'elsewhere:1234')
    await running('f-other-host-stale', 'elsewhere:1234', -expiredMs)
    await running('h-this-pid-earlier-life', `${hostname()}:${process.pid}:0badc0de`)

    expect(await failStaleRuns(db, { all: true })).toBe(6)
    expect(await statuses()).toEqual({
      'a-cli-alive': 'running', 'b-dead-pid': 'failed', 'c-previous-incarnation': 'failed',
      'd-no-owner': 'failed', 'e-other-host-fresh': 'running', 'f-other-host-stale': 'failed', 'g-zombie': 'failed',
      'h-this-pid-earlier-life': 'failed',
    })
    const codes = await db.selectFrom('runs').select(['id', 'error_code']).where('status', '=', 'failed').orderBy('id').execute()
    expect(codes.find((r) => r.id === 'f-other-host-stale')?.error_code).toBe('lease_expired')
    expect(codes.filter((r) => r.id !== 'f-other-host-stale').every((r) => r.error_code === 'shutdown')).toBe(true)
    expect(await stagedRuns()).toEqual(['a-cli-alive', 'e-other-host-fresh'])
  })

  it('from a CLI command fails only runs whose lease ran out', async () => {
    await running('a-fresh-no-owner', null)
    await running('b-fresh-previous-incarnation', runOwner)
    await running('c-stale', 'elsewhere:1', -expiredMs)
    expect(await failStaleRuns(db)).toBe(1)
    expect(await statuses()).toEqual({ 'a-fresh-no-owner': 'running', 'b-fresh-previous-incarnation': 'running', 'c-stale': 'failed' })
  })
})

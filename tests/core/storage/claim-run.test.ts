import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Kysely, SqliteDialect } from 'kysely'
import SQLite from 'better-sqlite3'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectionSchema } from '../../../config/schema.js'
import { createConnectionSpec } from '../../../core/connection-spec.js'
import type { HttpClient } from '../../../core/connector.js'
import { KoppelError } from '../../../core/errors.js'
import { createRegistry } from '../../../core/registry.js'
import { claimRun, type NewRun } from '../../../core/storage/claim-run.js'
import { ensureConnections } from '../../../core/storage/connections.js'
import type { Database } from '../../../core/storage/database.js'
import { migrations } from '../../../core/storage/migrations.js'
import { migrate, openDatabase, type Db } from '../../../core/storage/open-database.js'
import { SyncRunner } from '../../../core/sync/sync-runner.js'
import { createFakeConnector, createFakeSource, put } from '../../fakes/fake-connector.js'
import { createRecordingOutbox } from '../../fakes/recording-outbox.js'
import { sampleEmployee } from '../../fakes/sample-records.js'

const noHttp: HttpClient = {
  getJson: () => Promise.reject(new KoppelError('internal_error', 'no http in this test')),
  request: () => Promise.reject(new KoppelError('internal_error', 'no http in this test')),
}
const repoRoot = resolve(import.meta.dirname, '../../..')
let dir: string
const opened: Db[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'koppel-claim-'))
})
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy()
  rmSync(dir, { recursive: true, force: true })
})

async function open(path = join(dir, 'koppel.db')): Promise<Db> {
  const db = await openDatabase({ path })
  opened.push(db)
  return db
}

const newRun = (id: string, connectionId = 'acme'): NewRun => ({ id, connectionId, mode: 'full', trigger: 'api', force: false, counts: {} })
const running = async (db: Db) => (await db.selectFrom('runs').select(['id', 'connection_id']).where('status', '=', 'running').orderBy('id').execute())

describe('claimRun', () => {
  it('admits one running run per connection across two connections to one file', async () => {
    const [a, b] = [await open(), await open()]
    const claims = Array.from({ length: 10 }, (_, i) => claimRun(i % 2 === 0 ? a : b, newRun(`run_${i}`)))
    const results = await Promise.allSettled(claims)
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as KoppelError] : []))
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(9)
    for (const error of lost) expect(error).toMatchObject({ code: 'run_in_progress' })
    const [owner] = await running(a)
    expect(lost[0]!.details).toEqual({ runId: owner!.id })
    // Another connection is not blocked, and a finished run frees its connection.
    await claimRun(b, newRun('run_other', 'other'))
    await a.updateTable('runs').set({ status: 'succeeded' }).where('id', '=', owner!.id).execute()
    await claimRun(b, newRun('run_next'))
    expect((await running(a)).map((r) => r.id)).toEqual(['run_next', 'run_other'])
  })

  it('takes over a run whose lease ran out and drops its staged records', async () => {
    const db = await open()
    await claimRun(db, newRun('run_dead'))
    await expect(claimRun(db, newRun('run_early'))).rejects.toMatchObject({ code: 'run_in_progress' })
    const expired = new Date(Date.now() - 1).toISOString()
    await db.updateTable('runs').set({ lease_until: expired }).where('id', '=', 'run_dead').execute()
    await db.insertInto('staged_records').values({ run_id: 'run_dead', employer_id: 'er-1', position: 0, entity: 'employee', id: 'e1', hash: 'h', data: '{}', existed: 0 }).execute()
    await claimRun(db, newRun('run_new'))
    const rows = await db.selectFrom('runs').select(['id', 'status', 'error_code']).orderBy('id').execute()
    expect(rows).toEqual([{ id: 'run_dead', status: 'failed', error_code: 'lease_expired' }, { id: 'run_new', status: 'running', error_code: null }])
    expect(await db.selectFrom('staged_records').select('run_id').execute()).toEqual([])
  })

  it('migration 0006 keeps the newest of overlapping running runs and fails the others', async () => {
    const sqlite = new SQLite(':memory:')
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
    const before = migrations.findIndex((m) => m.name === '0006_one_running_run')
    for (const migration of migrations.slice(0, before)) await migration.up(db)
    const row = (id: string, connection: string, startedAt: string) => ({
      id, connection_id: connection, status: 'running' as const, mode: 'full', trigger: 'cli', force: 0, started_at: startedAt, finished_at: null,
      counts: '{}', employers: '[]', error_code: null, error_message: null, heartbeat_at: startedAt, owner: null,
    })
    await db.insertInto('runs').values([row('r1', 'acme', '2026-01-01T10:00:00Z'), row('r2', 'acme', '2026-01-01T10:00:01Z'), row('r3', 'other', '2026-01-01T10:00:00Z')]).execute()
    await db.schema.createTable('schema_migrations').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('applied_at', 'text').execute()
    await db.insertInto('schema_migrations').values(migrations.slice(0, before).map((m) => ({ name: m.name, applied_at: 'then' }))).execute()
    expect(await migrate(db as Db)).toContain('0006_one_running_run')
    const rows = await db.selectFrom('runs').select(['id', 'status']).orderBy('id').execute()
    expect(rows).toEqual([{ id: 'r1', status: 'failed' }, { id: 'r2', status: 'running' }, { id: 'r3', status: 'running' }])
    await db.destroy()
  })

  it('refuses the second start of a connection from another sync runner on the same file', async () => {
    const source = createFakeSource(5)
    for (let n = 0; n < 20; n++) put(source, 'employee', sampleEmployee('er-1', n))
    source.delayMs = 10
    const connector = createFakeConnector(source)
    const connection = createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: 'fake', employers: ['er-1'] }), connector)
    const runnerOn = async (db: Db) => {
      await ensureConnections(db, [{ id: 'acme', connector: 'fake', initialStatus: 'ready' }])
      return new SyncRunner({
        db, outbox: createRecordingOutbox(), registry: createRegistry([connector]), connections: [connection],
        log: pino({ level: 'silent' }), httpFor: () => noHttp,
      })
    }
    // Two gateways (as two processes would be), each with its own connection and runner.
    const [one, two] = [await runnerOn(await open()), await runnerOn(await open())]
    const results = await Promise.allSettled([one.trigger('acme', { trigger: 'api' }), two.trigger('acme', { trigger: 'cli' })])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ code: 'run_in_progress' })
    const started = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ done: Promise<{ status: string }> }>
    expect((await started.value.done).status).toBe('succeeded')
  })

  it('frees the connection when a claimed run cannot start', async () => {
    const db = await open()
    await ensureConnections(db, [{ id: 'acme', connector: 'fake', initialStatus: 'ready' }])
    let broken = true
    const connector = createFakeConnector(createFakeSource())
    const runner = new SyncRunner({
      db, outbox: createRecordingOutbox(), registry: createRegistry([connector]),
      connections: [createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: 'fake', employers: ['er-1'] }), connector)], log: pino({ level: 'silent' }),
      httpFor: () => {
        if (broken) throw new KoppelError('config_invalid', 'no upstream client for this connection')
        return noHttp
      },
    })
    await expect(runner.trigger('acme', { trigger: 'api' })).rejects.toMatchObject({ code: 'config_invalid' })
    expect(await db.selectFrom('runs').select(['status', 'error_code']).execute()).toEqual([{ status: 'failed', error_code: 'config_invalid' }])
    broken = false
    const { done } = await runner.trigger('acme', { trigger: 'api' })
    expect((await done).status).toBe('succeeded')
  })

  it('admits one running run per connection across two processes', async () => {
    const path = join(dir, 'koppel.db')
    await (await openDatabase({ path })).destroy() // migrated before the race, not during it
    const rounds = 25
    const children = [0, 1].map(() =>
      spawn(process.execPath, ['--import', 'tsx', 'tests/core/storage/claim-run-child.ts', path, String(rounds)], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] }),
    )
    const lines = children.map((child) => {
      let out = ''
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
      return { child, text: () => out }
    })
    for (const { text } of lines) while (!text().includes('ready\n')) await new Promise((r) => setTimeout(r, 20))
    for (const child of children) child.stdin!.end('go\n')
    await Promise.all(children.map((child) => once(child, 'exit')))
    const outcomes = lines.map(({ text }) => JSON.parse(text().split('\n')[1]!) as Record<string, string>)
    for (let i = 0; i < rounds; i++) {
      expect([outcomes[0]![`c${i}`], outcomes[1]![`c${i}`]].sort()).toEqual(['claimed', 'run_in_progress'])
    }
  }, 60_000)
})

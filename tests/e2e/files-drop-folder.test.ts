import { serve } from '@hono/node-server'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/load-config.js'
import { builtinConnectors } from '../../connectors/index.js'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import { createGateway, type Gateway } from '../../core/create-gateway.js'
import { createLogger } from '../../core/logger.js'
import { createRegistry } from '../../core/registry.js'
import { e2eApi, type E2eApi } from './e2e-api.js'

/**
 * The file connectors end to end: a real gateway on a real listener and a real SQLite file,
 * configured through YAML and loadConfig, reading a drop folder and taking uploads over HTTP.
 */
const adminToken = 'e2e-files-admin-token-0123456789ab'
const root = mkdtempSync(join(tmpdir(), 'koppel-e2e-files-'))
const folders = { full: join(root, 'full'), guarded: join(root, 'guarded'), delta: join(root, 'delta'), strict: join(root, 'strict'), upload: join(root, 'upload') }
for (const folder of Object.values(folders)) mkdirSync(folder)

let gateway: Gateway
let api: E2eApi
let url: string
let close: () => Promise<void>
const logLines: string[] = []

beforeAll(async () => {
  const server = serve({ fetch: (request) => gateway.app.fetch(request), hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const connection = (id: string, settings: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    id, connector: 'generic', employers: ['acme'], initial_sync: 'emit', ...extra, settings: { directory: folders[id as keyof typeof folders], settle_seconds: 0, ...settings },
  })
  const document = {
    server: { host: '127.0.0.1', port: 0, public_url: url, admin_token: adminToken },
    storage: { path: join(root, 'koppel.db') },
    secrets: { encryption_key: generateEncryptionKey() },
    connections: [
      connection('full', {}),
      connection('guarded', {}, { delete_guard: { max_ratio: 0.2, min_count: 0 } }),
      connection('delta', { complete: false }),
      connection('strict', { on_invalid_row: 'reject_file' }),
      connection('upload', { delimiter: ';', max_file_bytes: 4096 }),
    ],
  }
  const path = join(root, 'gateway.yaml')
  writeFileSync(path, JSON.stringify(document, null, 2))
  const loaded = await loadConfig({ path, env: {}, resolveRegistry: async () => createRegistry(builtinConnectors) })
  if (!loaded.ok) throw new Error(`config invalid: ${loaded.problems.join('; ')}`)
  const destination = new Writable({ write(chunk: Buffer, _encoding, done) { logLines.push(chunk.toString('utf8')); done() } })
  gateway = await createGateway(loaded.config, loaded.registry, createLogger({ level: 'debug', destination }))
  api = e2eApi(url, adminToken)
  close = async () => {
    if ('closeAllConnections' in server) server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await gateway.close()
  }
})
afterAll(async () => {
  await close?.()
  rmSync(root, { recursive: true, force: true })
})

const header = 'employee_number,bsn,first_name,last_name,date_of_birth'
const people: Record<string, string> = {
  '1001': '1001,111222333,Jan,Vries,1980-04-01',
  '1002': '1002,123456782,Anna,Jansen,1975-12-31',
  '1003': '1003,999996708,Piet,Berg,1990-02-28',
  '1004': '1004,398259793,Els,Smit,1985-06-15',
}
const csv = (...numbers: string[]) => `${[header, ...numbers.map((n) => people[n])].join('\n')}\n`
const drop = (folder: string, name: string, content: string) => writeFileSync(join(folder, name), content)
const employees = async (connection: string) => {
  const snapshot = await api.snapshot(connection)
  return [...snapshot.keys()].filter((key) => key.startsWith('employee/')).map((key) => key.slice('employee/'.length)).sort()
}
const waitIdle = async (connection: string) => {
  while (gateway.runner.isRunning(connection)) await new Promise((resolve) => setTimeout(resolve, 10))
}
const sync = async (connection: string, body: { force?: boolean } = {}) => {
  const run = await api.sync(connection, body)
  await waitIdle(connection)
  return run
}

describe('drop folder, complete files (the default)', () => {
  it('reads a file once, moves it to processed/, and a later full export deletes what it lacks', async () => {
    drop(folders.full, 'employees-1.csv', csv('1001', '1002', '1003'))
    const first = await sync('full')
    expect(first.status).toBe('succeeded')
    expect(first.counts.employee).toMatchObject({ fetched: 3, created: 3 })
    expect(await employees('full')).toEqual(['1001', '1002', '1003'])
    expect(readdirSync(folders.full).sort()).toEqual(['processed'])
    expect(readdirSync(join(folders.full, 'processed'))).toEqual(['employees-1.csv'])

    // Nothing waiting: nothing is read, nothing deleted.
    const idle = await sync('full')
    expect(idle.status).toBe('succeeded')
    expect(idle.counts.employee).toMatchObject({ fetched: 0, deleted: 0 })

    drop(folders.full, 'employees-2.csv', csv('1001', '1002'))
    const second = await sync('full')
    expect(second.status).toBe('succeeded')
    expect(second.counts.employee).toMatchObject({ fetched: 2, unchanged: 2, deleted: 1 })
    expect(await employees('full')).toEqual(['1001', '1002'])
    const feed = await api.feed()
    expect(feed.filter((m) => m.connection === 'full' && m.operation === 'deleted').map((m) => m.recordId)).toEqual(['1003'])
  })

  it('never reads a file twice: one committed but not moved (a stop in between) is moved without being read', async () => {
    // As if the gateway stopped after the commit of employees-2.csv and before its move: same name, size and mtime.
    renameSync(join(folders.full, 'processed', 'employees-2.csv'), join(folders.full, 'employees-2.csv'))
    const run = await sync('full')
    expect(run.status).toBe('succeeded')
    expect(run.counts.employee).toMatchObject({ fetched: 0, deleted: 0 })
    expect(readdirSync(folders.full)).toEqual(['processed'])
    expect(readdirSync(join(folders.full, 'processed')).sort()).toEqual(['employees-1.csv', 'employees-2.csv'])
  })

  it('reports an invalid row with file, line, field and reason, keeps the stored record, and applies the rest', async () => {
    drop(folders.full, 'employees-3.csv', `${header}\n${people['1001']}\n1002,123456782,Anna,Jansen,31-02-1975\n${people['1004']}\n`)
    const run = await sync('full')
    expect(run.status).toBe('succeeded')
    expect(run.counts.employee).toMatchObject({ fetched: 3, created: 1, invalid: 1, deleted: 0 })
    const detail = await api.call<{ employers: Array<{ invalid?: Array<{ id: string; reason: string }> }> }>('GET', `/api/runs/${run.id}`)
    expect(JSON.stringify(detail)).toContain('employees-3.csv line 3: dateOfBirth (date_of_birth): not a real date')
    expect(JSON.stringify(detail)).not.toContain('31-02-1975')
    expect(await employees('full')).toEqual(['1001', '1002', '1004'])
  })

  it('a run the delete guard holds leaves its file in the drop folder; with force it is applied and moved', async () => {
    drop(folders.guarded, 'employees-1.csv', csv('1001', '1002', '1003', '1004'))
    expect((await sync('guarded')).status).toBe('succeeded')
    drop(folders.guarded, 'employees-2.csv', csv('1001'))
    const held = await sync('guarded')
    expect(held.status).toBe('held')
    expect(readdirSync(folders.guarded).sort()).toEqual(['employees-2.csv', 'processed'])
    expect(await employees('guarded')).toEqual(['1001', '1002', '1003', '1004'])
    const forced = await sync('guarded', { force: true })
    expect(forced.status).toBe('succeeded')
    expect(forced.counts.employee).toMatchObject({ deleted: 3 })
    expect(readdirSync(folders.guarded)).toEqual(['processed'])
    expect(await employees('guarded')).toEqual(['1001'])
  })
})

describe('drop folder, other settings', () => {
  it('complete: false reads a delta: what it lacks is not deleted', async () => {
    drop(folders.delta, 'employees-1.csv', csv('1001', '1002', '1003'))
    expect((await sync('delta')).status).toBe('succeeded')
    drop(folders.delta, 'employees-2.csv', csv('1004'))
    const run = await sync('delta')
    expect(run.counts.employee).toMatchObject({ fetched: 1, created: 1, deleted: 0 })
    expect(await employees('delta')).toEqual(['1001', '1002', '1003', '1004'])
  })

  it('on_invalid_row: reject_file applies nothing of a file with an invalid row, and moves it to failed/ with a report', async () => {
    drop(folders.strict, 'employees-1.csv', csv('1001', '1002'))
    expect((await sync('strict')).status).toBe('succeeded')
    drop(folders.strict, 'employees-2.csv', `${header}\n${people['1001']}\n1003,123456789,Piet,Geheim,1990-02-28\n${people['1004']}\n`)
    const run = await sync('strict')
    expect(run.status).toBe('failed')
    expect(run.error).toEqual({ code: 'upstream_bad_response', message: 'file "employees-2.csv": 1 invalid row(s) (on_invalid_row: reject_file): nothing of the file is applied' })
    expect(await employees('strict')).toEqual(['1001', '1002'])
    expect(readdirSync(join(folders.strict, 'failed')).sort()).toEqual(['employees-2.csv', 'employees-2.csv.error.txt'])
    const report = readFileSync(join(folders.strict, 'failed', 'employees-2.csv.error.txt'), 'utf8')
    expect(report).toContain('employees-2.csv line 3: bsn (bsn): not a valid BSN (9 digits, 11-test)')
    for (const secret of ['123456789', 'Geheim', 'Piet']) expect(report).not.toContain(secret)
    // The next run goes on without it.
    expect((await sync('strict')).status).toBe('succeeded')
  })

  it('an unknown column fails the file with one error naming it', async () => {
    drop(folders.strict, 'employees-3.csv', 'employee_number,last_name,shoe_size\n1001,Vries,44\n')
    const run = await sync('strict')
    expect(run.status).toBe('failed')
    expect(run.error?.message).toBe('file "employees-3.csv": unknown column "shoe_size" (map it, or map it to null to leave it out)')
    expect(existsSync(join(folders.strict, 'failed', 'employees-3.csv.error.txt'))).toBe(true)
  })
})

describe('upload: POST /api/connections/:id/files', () => {
  const upload = (connection: string, name: string, body: string | Buffer, token = adminToken) =>
    fetch(`${url}/api/connections/${connection}/files?name=${encodeURIComponent(name)}`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body,
    })

  it('streams the file into the drop folder and starts a run that reads it', async () => {
    const response = await upload('upload', 'employees-upload.csv', csv('1001', '1002').replace(/,/g, ';'))
    expect(response.status).toBe(202)
    const body = (await response.json()) as { fileId: string; runId: string }
    expect(body).toEqual({ fileId: expect.stringMatching(/^file_/), runId: expect.stringMatching(/^run_/) })
    const run = await api.waitForRun(body.runId)
    await waitIdle('upload')
    expect(run.status).toBe('succeeded')
    expect(await employees('upload')).toEqual(['1001', '1002'])
    expect(readdirSync(join(folders.upload, 'processed'))).toEqual(['employees-upload.csv'])
    expect(statSync(join(folders.upload, 'processed', 'employees-upload.csv')).mode & 0o777).toBe(0o600)
  })

  it('refuses without the admin token, over max_file_bytes, a bad name, an unknown connection', async () => {
    expect((await upload('upload', 'employees-x.csv', 'a', 'wrong-token')).status).toBe(401)
    const big = await upload('upload', 'employees-big.csv', Buffer.alloc(5000, 0x41))
    expect(big.status).toBe(413)
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
    expect((await upload('upload', '../employees.csv', 'a')).status).toBe(400)
    expect((await upload('upload', '.hidden.csv', 'a')).status).toBe(400)
    expect((await upload('nope', 'employees.csv', 'a')).status).toBe(404)
    // Nothing of the refused uploads is left behind.
    expect(readdirSync(folders.upload)).toEqual(['processed'])
  })

  it('never logs a name or a BSN from the files', () => {
    const log = logLines.join('')
    for (const secret of ['111222333', 'Vries', 'Jansen', 'Geheim']) expect(log).not.toContain(secret)
  })
})

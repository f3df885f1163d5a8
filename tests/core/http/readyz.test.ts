import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGatewayHarness, type GatewayHarness } from './gateway-harness.js'
import { onPostgres } from '../../helpers/test-database.js'

let dir: string
let h: GatewayHarness | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'koppel-readyz-'))
  mkdirSync(join(dir, 'data'))
})
afterEach(async () => {
  await h?.gateway.close()
  h = undefined
  rmSync(dir, { recursive: true, force: true })
})

const path = () => join(dir, 'data', 'koppel.db')

async function readyz() {
  const response = await h!.request('/readyz', { token: null })
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } }
}

// SQLite only (the identity of the SQLite file): skipped under npm run test:pg.
describe.skipIf(onPostgres)('GET /readyz and the file at storage.path', () => {
  it('is ready while the open file is at its path', async () => {
    h = await createGatewayHarness({ storage: { path: path() } })
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', database: true } })
  })

  it('fails when the file is deleted', async () => {
    h = await createGatewayHarness({ storage: { path: path() } })
    unlinkSync(path())
    const { status, body } = await readyz()
    expect(status).toBe(503)
    expect(body.error?.code).toBe('not_ready')
    expect(body.error?.message).toMatch(/^storage\.path: the database file .* is gone/)
  })

  it('fails when the file is replaced by another one', async () => {
    h = await createGatewayHarness({ storage: { path: path() } })
    renameSync(path(), join(dir, 'data', 'moved.db'))
    writeFileSync(path(), '')
    const { status, body } = await readyz()
    expect(status).toBe(503)
    expect(body.error).toEqual({ code: 'not_ready', message: `storage.path: ${path()} is no longer the database file the gateway has open (replaced)` })
  })

  it('fails when its directory is removed', async () => {
    h = await createGatewayHarness({ storage: { path: path() } })
    rmSync(join(dir, 'data'), { recursive: true, force: true })
    const { status, body } = await readyz()
    expect(status).toBe(503)
    expect(body.error?.message).toMatch(/^storage\.path: the database file .* is gone/)
  })
})

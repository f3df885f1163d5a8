import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import { testPostgresUrl } from '../helpers/test-database.js'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'koppel-storage-url-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const env = { ...process.env, KOPPEL_ENCRYPTION_KEY: generateEncryptionKey() }

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', join(root, 'gateway.ts'), ...args], { cwd: root, env, timeout: 90_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

function config(name: string, url: string): string {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(path, `server: { host: 127.0.0.1, port: 0, public_url: "http://127.0.0.1:8080", admin_token: "cli-admin-token-0123456789abcdef" }
storage: { driver: postgres, url: "${url}", pool_size: 2 }
secrets: { encryption_key: "\${KOPPEL_ENCRYPTION_KEY}" }
`)
  return path
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise((done) => server.close(done))
  return port
}

describe('storage.url', () => {
  it('a URL that is not postgres:// is a config problem, exit 2, without echoing it', async () => {
    const result = await cli(['validate', '--config', config('mysql', 'mysql://koppel:s3cret-pw@db/koppel')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('storage.url: must be a postgres:// or postgresql:// URL')
    expect(result.stderr).not.toContain('s3cret-pw')
  }, 90_000)

  it('an unreachable server at start is one storage.url line and exit 2, the password hidden', async () => {
    const port = await closedPort()
    const result = await cli(['start', '--config', config('refused', `postgres://koppel:s3cret-pw@127.0.0.1:${port}/koppel`)])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(`storage.url: cannot connect to postgres://koppel:***@127.0.0.1:${port}/koppel: connection refused\n`)
  }, 90_000)

  it('validate names the database without its password', async () => {
    const result = await cli(['validate', '--config', config('valid', 'postgresql://koppel:s3cret-pw@db.internal:5432/koppel')])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^ok: 0 connection\(s\), 0 webhook\(s\), \d+ connector\(s\), database postgresql:\/\/koppel:\*\*\*@db\.internal:5432\/koppel\n$/)
  }, 90_000)

  it('a database that does not exist on a reachable server is one storage.url line and exit 2', async () => {
    const url = new URL(testPostgresUrl)
    url.pathname = '/koppel_no_such_database'
    const result = await cli(['start', '--config', config('missing', url.toString())])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`storage.url: cannot connect to ${url.toString()}: the database does not exist\n`)
  }, 90_000)
})

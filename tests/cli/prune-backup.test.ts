import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import { onPostgres, openStorage, storageAt, storageYaml } from '../helpers/test-database.js'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'koppel-prune-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const env = { ...process.env, KOPPEL_ADMIN_TOKEN: 'cli-admin-token-0123456789abcdef', KOPPEL_ENCRYPTION_KEY: generateEncryptionKey() }

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', join(root, 'gateway.ts'), ...args], { cwd: root, env, timeout: 90_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

const database = join(dir, 'koppel.db')
const configPath = join(dir, 'gateway.yaml')
const storage = await storageAt(database)
writeFileSync(configPath, `server: { public_url: "http://127.0.0.1:8080", admin_token: "\${KOPPEL_ADMIN_TOKEN}" }
storage: ${storageYaml(storage)}
secrets: { encryption_key: "\${KOPPEL_ENCRYPTION_KEY}" }
log: { level: warn }
retention: { mutations: 90d, deliveries: 30d, runs: 90d }
`)

async function seed(): Promise<void> {
  const db = await openStorage(storage)
  const old = new Date(Date.now() - 120 * 86_400_000).toISOString()
  const now = new Date().toISOString()
  for (const [id, createdAt] of [['mut_old_1', old], ['mut_old_2', old], ['mut_new', now]] as const) {
    await db.insertInto('mutations').values({
      id, connection_id: 'people', connector: 'example-csv', employer_id: 'acme', entity: 'employee', record_id: id, operation: 'created',
      run_id: 'run_1', changes: '[]', record: '{}', previous: null, created_at: createdAt,
    }).execute()
  }
  for (const [id, startedAt] of [['run_old', old], ['run_new', now]] as const) {
    await db.insertInto('runs').values({
      id, connection_id: 'people', status: 'succeeded', mode: 'full', trigger: 'cli', force: 0, started_at: startedAt, finished_at: startedAt,
      counts: '{}', employers: '[]', error_code: null, error_message: null, heartbeat_at: startedAt, owner: null,
    }).execute()
  }
  await db.destroy()
}

describe('CLI prune and backup', () => {
  it('prune applies retention now, prints the counts, exit 0', async () => {
    await seed()
    const result = await cli(['prune', '--config', configPath])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^pruned \(mutations 90d, deliveries 30d, runs 90d\): 0 deliveries, 2 mutations, 0 events, 1 runs, 0 staged records, in \d+ ms\n$/)
    const db = await openStorage(storage)
    try {
      expect((await db.selectFrom('mutations').select('id').execute()).map((r) => r.id)).toEqual(['mut_new'])
      expect((await db.selectFrom('runs').select('id').execute()).map((r) => r.id)).toEqual(['run_new'])
    } finally {
      await db.destroy()
    }
    expect((await cli(['prune', '--config', configPath])).stdout).toMatch(/: 0 deliveries, 0 mutations, 0 events, 0 runs, 0 staged records/)
  })

  it.runIf(onPostgres)('backup under PostgreSQL is one line pointing to pg_dump, exit 2', async () => {
    const target = join(dir, 'backup.db')
    const result = await cli(['backup', target, '--config', configPath])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('backup copies SQLite databases; storage.driver is postgres: use pg_dump (for example pg_dump --format=custom --file=koppel.dump "$DATABASE_URL")\n')
    expect(() => statSync(target)).toThrow()
  })

  it.skipIf(onPostgres)('backup writes a new 0600 copy; an existing target, or none, is one line and exit 2', async () => {
    const target = join(dir, 'backup.db')
    const result = await cli(['backup', target, '--config', configPath])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`^backup of .* written to ${target}: \\d+ pages, \\d+ bytes`))
    expect(statSync(target).mode & 0o777).toBe(0o600)
    const copy = await openStorage({ driver: 'sqlite', path: target })
    expect((await copy.selectFrom('mutations').select('id').execute()).map((r) => r.id)).toEqual(['mut_new'])
    await copy.destroy()

    const size = statSync(target).size
    const again = await cli(['backup', target, '--config', configPath])
    expect(again.code).toBe(2)
    expect(again.stderr.trim()).toBe(`backup: ${target} already exists; choose a new file (a backup never overwrites one)`)
    expect(statSync(target).size).toBe(size)

    const missing = await cli(['backup', '--config', configPath])
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim()).toBe('backup needs a target file: tsx gateway.ts backup <file>')
  })
})

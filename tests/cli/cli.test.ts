import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEncryptionKey } from '../../core/auth/vault.js'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'koppel-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const env = { ...process.env, KOPPEL_ADMIN_TOKEN: 'cli-admin-token-0123456789abcdef', KOPPEL_ENCRYPTION_KEY: generateEncryptionKey() }

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(join(root, 'node_modules/.bin/tsx'), [join(root, 'gateway.ts'), ...args], { cwd: root, env, timeout: 90_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

const header = 'id,employer_id,employee_number,bsn,initials,first_name,prefix,last_name,date_of_birth,gender,street,house_number,postal_code,city,country_code,email'
const row = (n: number) => `e-${n},acme,${1000 + n},,J.,Jan,,Jansen${n},1980-01-01,M,Dorpsstraat,${n},1234AB,Utrecht,NL,`

function config(name: string, csvPath: string, extra = ''): string {
  const path = join(dir, name)
  writeFileSync(path, `server: { public_url: "http://127.0.0.1:8080", admin_token: "\${KOPPEL_ADMIN_TOKEN}" }
storage: { path: "${join(dir, `${name}.db`)}" }
secrets: { encryption_key: "\${KOPPEL_ENCRYPTION_KEY}" }
log: { level: warn }
plugins: ["${join(root, 'plugins/example-csv')}"]
connections:
  - id: people
    connector: example-csv
    employers: [acme]
    delete_guard: { max_ratio: 0.2, min_count: 2 }
    settings: { path: "${csvPath}" }
${extra}`)
  return path
}

describe('CLI', () => {
  it('validate: ok with a summary, exit 0', async () => {
    const result = await cli(['validate', '--config', config('ok.yaml', join(dir, 'people.csv'))])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^ok: 1 connection\(s\), 0 webhook\(s\), 14 connector\(s\)/)
  })

  it('validate: every problem as path: message, exit 2, no stack trace', async () => {
    const path = join(dir, 'bad.yaml')
    writeFileSync(path, 'server: { public_url: nope, admin_token: short }\nsecrets: { encryption_key: "${KOPPEL_UNSET_VAR}" }\nconnections:\n  - id: x\n    connector: nope\n    employers: [1]\n    schedule: "* * *"\n')
    const result = await cli(['validate', '--config', path])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('server.public_url:')
    expect(result.stderr).toContain('server.admin_token:')
    expect(result.stderr).toContain('secrets.encryption_key: environment variable KOPPEL_UNSET_VAR is not set')
    expect(result.stderr).toContain('connections[0].schedule: invalid cron expression "* * *"')
    expect(result.stderr).toContain('connections[0].connector: unknown connector "nope"')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('validate and start: a missing file is exit 2 with a clear message', async () => {
    for (const command of ['validate', 'start']) {
      const result = await cli([command, '--config', join(dir, 'missing.yaml')])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/missing\.yaml/)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('usage errors are exit 2', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2)
    expect((await cli(['sync', '--config', config('u.yaml', join(dir, 'p.csv'))])).code).toBe(2)
  })

  it('keygen prints a 32-byte base64 key', async () => {
    const result = await cli(['keygen'])
    expect(result.code).toBe(0)
    expect(Buffer.from(result.stdout.trim(), 'base64')).toHaveLength(32)
  })

  it('sync: 0 on success, 3 when the delete guard holds, 1 on failure', { timeout: 120_000 }, async () => {
    const csv = join(dir, 'people.csv')
    writeFileSync(csv, [header, ...Array.from({ length: 10 }, (_, n) => row(n))].join('\n'))
    const path = config('sync.yaml', csv)
    const first = await cli(['sync', 'people', '--config', path])
    expect(first.stdout).toContain('succeeded')
    expect(first.code).toBe(0)

    writeFileSync(csv, [header, row(0), row(1)].join('\n'))
    const held = await cli(['sync', 'people', '--config', path])
    expect(held.stdout).toContain('held')
    expect(held.code).toBe(3)
    const forced = await cli(['sync', 'people', '--force', '--config', path])
    expect(forced.code).toBe(0)

    rmSync(csv)
    const failed = await cli(['sync', 'people', '--config', path])
    expect(failed.stdout).toContain('failed')
    expect(failed.code).toBe(1)
    expect((await cli(['sync', 'nobody', '--config', path])).code).toBe(1)
  })
})

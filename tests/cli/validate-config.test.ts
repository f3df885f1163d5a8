import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEncryptionKey } from '../../core/auth/vault.js'

/** `tsx gateway.ts validate` from outside, as a sysadmin runs it (issue 12 items 5, 6, 7). */

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'koppel-validate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const env: NodeJS.ProcessEnv = { ...process.env, KOPPEL_ENCRYPTION_KEY: generateEncryptionKey() }
// The bare name below must not resolve to anything by accident.
delete env.KOPPEL_ADMIN_TOKEN_FOR_PRODUCTION_USE

function validate(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(join(root, 'node_modules/.bin/tsx'), [join(root, 'gateway.ts'), 'validate', '--config', path], { cwd: root, env, timeout: 90_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

describe('validate', () => {
  it('refuses a bare $NAME, a mistyped key and a 6-field schedule, each as path: message, exit 2', async () => {
    const path = join(dir, 'gateway.yaml')
    writeFileSync(
      path,
      `server:
  publc_url: http://127.0.0.1:8080
  admin_token: $KOPPEL_ADMIN_TOKEN_FOR_PRODUCTION_USE
secrets: { encryption_key: "\${KOPPEL_ENCRYPTION_KEY}" }
connections:
  - id: acme
    connector: loket
    employers: ["123456"]
    schedule: "0 */4 * * * *"
    full_sync_schedule: "30 25 * * *"
    settings: { client_id: abc, client_secret: def, fetch_bzn: false }
`,
    )
    const result = await validate(path)
    expect(result.code).toBe(2)
    const lines = result.stderr.split('\n').map((line) => line.trim())
    expect(lines).toContain('server.admin_token: "$KOPPEL_ADMIN_TOKEN_FOR_PRODUCTION_USE" without braces: did you mean ${KOPPEL_ADMIN_TOKEN_FOR_PRODUCTION_USE}? (write $$ for a literal $)')
    expect(lines).toContain('server.publc_url: unknown key, did you mean public_url?')
    expect(lines).toContain('connections[0].settings.fetch_bzn: unknown key, did you mean fetch_bsn?')
    expect(lines.some((line) => line.startsWith('connections[0].schedule: invalid cron expression "0 */4 * * * *": 6-field patterns are not accepted'))).toBe(true)
    expect(lines).toContain('connections[0].full_sync_schedule: hour 25 is out of range 0-23')
    // The mistyped key is not told twice as a missing one.
    expect(result.stderr).not.toContain('server.public_url')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('names a YAML indentation error in words with line and column, exit 2', async () => {
    const path = join(dir, 'indented.yaml')
    writeFileSync(path, 'server:\n  port: 8080\n  public_url: http://127.0.0.1:8080\n   admin_token: x\nsecrets: {}\n')
    const result = await validate(path)
    expect(result.code).toBe(2)
    const problems = result.stderr.split('\n').filter((line) => line.includes('YAML'))
    expect(problems.map((line) => line.trim())).toEqual([`${path}: YAML syntax error at line 4, column 4: bad indentation of a mapping entry (indented deeper than the entry above it)`])
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

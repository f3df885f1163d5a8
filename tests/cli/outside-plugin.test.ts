import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEncryptionKey } from '../../core/auth/vault.js'

// A plugin as a third party writes it: in its own folder outside the repository, with no
// package.json and no node_modules, importing Koppel only as 'koppel/sdk' (zod included).
// Only the gateway itself can make that import resolve, so this runs the real CLI.
const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'koppel-outside-plugin-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const env = { ...process.env, KOPPEL_ADMIN_TOKEN: 'cli-admin-token-0123456789abcdef', KOPPEL_ENCRYPTION_KEY: generateEncryptionKey() }

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // cwd is the temp folder, so nothing resolves through the repository by accident.
    execFile(join(root, 'node_modules/.bin/tsx'), [join(root, 'gateway.ts'), ...args], { cwd: dir, env, timeout: 90_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

const pluginDir = join(dir, 'acme-plugin')
mkdirSync(pluginDir)
writeFileSync(join(pluginDir, 'index.ts'), `import { defineConnector, definePlugin, pluginApiVersion, z } from 'koppel/sdk'
import { toEmployee } from './to-employee.js'

const acme = defineConnector({
  id: 'acme-outside',
  displayName: 'Acme (outside the repository)',
  status: 'beta',
  apiVersion: pluginApiVersion,
  settings: z.strictObject({ people: z.array(z.string()).min(1) }),
  auth: { kind: 'none' },
  async *fetch(ctx) {
    yield { type: 'people', items: ctx.settings.people }
  },
  normalize(page, ctx) {
    return page.items.map((item, index) => toEmployee(String(item), index, ctx.employer.id))
  },
})

export default definePlugin({ name: 'acme-outside', connectors: [acme] })
`)
writeFileSync(join(pluginDir, 'to-employee.ts'), `import type { CanonicalRecord, Employee } from 'koppel/sdk'

export function toEmployee(lastName: string, index: number, employerId: string): CanonicalRecord {
  const record: Employee = {
    id: 'p-' + index, employerId, employeeNumber: String(100 + index), bsn: null,
    name: { initials: null, firstName: null, prefix: null, lastName, partnerPrefix: null, partnerLastName: null, nameUsage: null, formatted: lastName },
    dateOfBirth: null, dateOfDeath: null, gender: 'unknown', nationality: null, civilStatus: null, address: null,
    contact: { email: null, phone: null, mobile: null },
  }
  return { entity: 'employee', record }
}
`)

const configPath = join(dir, 'koppel.yaml')
writeFileSync(configPath, `server: { public_url: "http://127.0.0.1:8080", admin_token: "\${KOPPEL_ADMIN_TOKEN}" }
storage: { path: "${join(dir, 'koppel.db')}" }
secrets: { encryption_key: "\${KOPPEL_ENCRYPTION_KEY}" }
log: { level: warn }
plugins: [./acme-plugin]
connections:
  - id: outside
    connector: acme-outside
    employers: [acme]
    settings: { people: [Jansen, de Vries] }
`)

describe('a plugin outside the repository', () => {
  it('loads with koppel/sdk resolved to the gateway own SDK: its connector is registered and its settings schema applies', async () => {
    const result = await cli(['validate', '--config', configPath])
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^ok: 1 connection\(s\), 0 webhook\(s\), 14 connector\(s\)/)
    expect(result.code).toBe(0)
  })

  it('syncs through it: fetch, normalize and the engine validation of its records', { timeout: 120_000 }, async () => {
    const result = await cli(['sync', 'outside', '--config', configPath])
    expect(result.stdout).toContain('succeeded')
    expect(result.code).toBe(0)
  })
})

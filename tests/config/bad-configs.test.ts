import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/load-config.js'
import { recordingResolver, tempConfigDir, validConfig } from './config-fixtures.js'

type Config = ReturnType<typeof validConfig>

interface BadCase {
  name: string
  change: (config: Config, dir: string) => void
  env?: Record<string, string>
  /** Exactly the problem lines expected, in any order. */
  problems: (dir: string) => string[]
}

const secretMessage = 'must be "whsec_" followed by base64 of 24 to 64 random bytes'
const badCases: BadCase[] = [
  { name: 'missing admin_token', change: (c) => delete c.server.admin_token, problems: () => ['server.admin_token: is required'] },
  { name: 'short admin_token', change: (c) => (c.server.admin_token = 'short'), problems: () => ['server.admin_token: must be at least 24 characters'] },
  { name: 'port out of range', change: (c) => (c.server.port = 70000), problems: () => ['server.port: must be at most 65535'] },
  { name: 'port not a number', change: (c) => (c.server.port = 'http'), problems: () => ['server.port: must be a number'] },
  { name: 'port not whole', change: (c) => (c.server.port = 80.5), problems: () => ['server.port: must be a whole number'] },
  { name: 'public_url without scheme', change: (c) => (c.server.public_url = 'koppel.example.com'), problems: () => ['server.public_url: must be an absolute http or https URL'] },
  { name: 'public_url ftp', change: (c) => (c.server.public_url = 'ftp://koppel.example.com'), problems: () => ['server.public_url: must be an absolute http or https URL'] },
  { name: 'unknown top-level key', change: (c) => (c.sever = { port: 1 }), problems: () => ['sever: unknown key, did you mean server?'] },
  { name: 'unknown nested key', change: (c) => (c.server.prot = 1), problems: () => ['server.prot: unknown key, did you mean port?'] },
  { name: 'missing secrets block', change: (c) => delete c.secrets, problems: () => ['secrets: is required'] },
  { name: 'bad log level', change: (c) => (c.log = { level: 'loud' }), problems: () => ['log.level: must be one of fatal, error, warn, info, debug, trace, silent'] },
  { name: 'unsupported storage driver', change: (c) => (c.storage = { driver: 'mysql' }), problems: () => ['storage.driver: must be one of sqlite, postgres'] },
  { name: 'postgres without a url', change: (c) => (c.storage = { driver: 'postgres' }), problems: () => ['storage.url: is required'] },
  { name: 'postgres url of another scheme', change: (c) => (c.storage = { driver: 'postgres', url: 'mysql://koppel:pw@db/koppel' }), problems: () => ['storage.url: must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database)'] },
  { name: 'postgres with a sqlite path', change: (c) => (c.storage = { driver: 'postgres', url: 'postgres://db/koppel', path: './x.db' }), problems: () => ['storage.path: unknown key'] },
  { name: 'pool_size zero', change: (c) => (c.storage = { driver: 'postgres', url: 'postgres://db/koppel', pool_size: 0 }), problems: () => ['storage.pool_size: must be at least 1'] },
  { name: 'connections not a list', change: (c) => (c.connections = { id: 'x' }), problems: () => ['connections: must be a list'] },
  { name: 'connection id not kebab-case', change: (c) => (c.connections[0].id = 'Acme_Loket'), problems: () => ['connections[0].id: must be kebab-case (a-z, 0-9, -)', 'webhooks[0].connections[0]: unknown connection "acme-loket"'] },
  { name: 'duplicate connection id', change: (c) => (c.connections[1].id = 'acme-loket'), problems: () => ['connections[1].id: duplicate connection id "acme-loket"'] },
  { name: 'unknown connector', change: (c) => (c.connections[1].connector = 'foo'), problems: () => ['connections[1].connector: unknown connector "foo" (known: loket, afas)'] },
  { name: 'enabled not a boolean', change: (c) => (c.connections[0].enabled = 'yes'), problems: () => ['connections[0].enabled: must be true or false'] },
  { name: 'bad cron', change: (c) => (c.connections[1].schedule = '* * *'), problems: () => ['connections[1].schedule: invalid cron expression "* * *": needs 5 fields (minute hour day-of-month month day-of-week) or a nickname such as @daily, found 3'] },
  { name: 'bad full sync cron', change: (c) => (c.connections[0].full_sync_schedule = '61 * * * *'), problems: () => ['connections[0].full_sync_schedule: minute 61 is out of range 0-59'] },
  { name: 'bad timezone', change: (c) => (c.connections[0].timezone = 'Mars/Olympus'), problems: () => ['connections[0].timezone: unknown time zone "Mars/Olympus"'] },
  { name: 'empty employers', change: (c) => (c.connections[0].employers = []), problems: () => ['connections[0].employers: needs at least one employer'] },
  { name: 'missing employers', change: (c) => delete c.connections[1].employers, problems: () => ['connections[1].employers: is required'] },
  { name: 'duplicate employer', change: (c) => (c.connections[0].employers = ['123', 123]), problems: () => ['connections[0].employers[1]: duplicate employer "123"'] },
  { name: 'employer not a scalar', change: (c) => (c.connections[0].employers = [{ id: 1 }]), problems: () => ['connections[0].employers[0]: must be an employer number or id'] },
  { name: 'bad initial_sync', change: (c) => (c.connections[0].initial_sync = 'all'), problems: () => ['connections[0].initial_sync: must be one of baseline, emit'] },
  { name: 'delete_guard.max_ratio above 1', change: (c) => (c.connections[0].delete_guard = { max_ratio: 1.5 }), problems: () => ['connections[0].delete_guard.max_ratio: must be at most 1'] },
  { name: 'settings failing the connector schema', change: (c) => Object.assign(c.connections[0].settings, { page_size: 0, client_sekret: 'x' }), problems: () => ['connections[0].settings.page_size: must be at least 1', 'connections[0].settings.client_sekret: unknown key, did you mean client_secret?'] },
  { name: 'settings missing a required key', change: (c) => (c.connections[1].settings = {}), problems: () => ['connections[1].settings.client_id: is required'] },
  { name: 'settings missing entirely', change: (c) => delete c.connections[1].settings, problems: () => ['connections[1].settings.client_id: is required'] },
  { name: 'bad webhook secret prefix', change: (c) => (c.webhooks[0].secret = randomBytes(32).toString('base64')), problems: () => [`webhooks[0].secret: ${secretMessage}`] },
  { name: 'webhook secret too short', change: (c) => (c.webhooks[0].secret = `whsec_${randomBytes(16).toString('base64')}`), problems: () => [`webhooks[0].secret: ${secretMessage}`] },
  { name: 'webhook secret not base64', change: (c) => (c.webhooks[0].secret = `whsec_${'!'.repeat(40)}`), problems: () => [`webhooks[0].secret: ${secretMessage}`] },
  {
    name: 'bad previous secret and until',
    change: (c) => (c.webhooks[0].previous_secrets = [{ secret: 'whsec_abc', until: 'next week' }]),
    problems: () => [`webhooks[0].previous_secrets[0].secret: ${secretMessage}`, 'webhooks[0].previous_secrets[0].until: must be an ISO 8601 timestamp'],
  },
  { name: 'webhook url not http(s)', change: (c) => (c.webhooks[0].url = 'ftp://benefits.example.com/x'), problems: () => ['webhooks[0].url: must be an absolute http or https URL'] },
  { name: 'duplicate webhook id', change: (c) => c.webhooks.push({ ...c.webhooks[0], connections: undefined }), problems: () => ['webhooks[1].id: duplicate webhook id "benefits"'] },
  { name: 'webhook names an unknown connection', change: (c) => (c.webhooks[0].connections = ['acme-loket', 'nope']), problems: () => ['webhooks[0].connections[1]: unknown connection "nope"'] },
  { name: 'malformed event pattern', change: (c) => (c.webhooks[0].events = ['employee']), problems: () => ['webhooks[0].events[0]: must be a type like employee.updated, employee.* or *.deleted'] },
  { name: 'event pattern matching nothing', change: (c) => (c.webhooks[0].events = ['sync.*', 'employe.*']), problems: () => ['webhooks[0].events[1]: "employe.*" matches no event type'] },
  { name: 'bad retry duration', change: (c) => (c.webhooks[0].retry_schedule = ['5s', '5 minutes']), problems: () => ['webhooks[0].retry_schedule[1]: must be a duration like 500ms, 5s, 5m, 2h or 1d'] },
  { name: 'bad delivery poll interval', change: (c) => (c.delivery = { poll_interval: 'often' }), problems: () => ['delivery.poll_interval: must be a duration like 500ms, 5s, 5m, 2h or 1d'] },
  { name: 'bad encryption key', change: (c) => (c.secrets.encryption_key = randomBytes(16).toString('base64')), problems: () => ['secrets.encryption_key: must be 32 bytes, base64-encoded (tsx gateway.ts keygen makes one)'] },
  { name: 'unset env var', change: (c) => (c.secrets.encryption_key = '${KOPPEL_ENCRYPTION_KEY}'), problems: () => ['secrets.encryption_key: environment variable KOPPEL_ENCRYPTION_KEY is not set'] },
  {
    name: 'unreadable ${file:}',
    change: (c) => (c.server.admin_token = '${file:secrets/admin-token}'),
    problems: (dir) => [`server.admin_token: cannot read file ${dir}/secrets/admin-token (no such file)`],
  },
  {
    name: 'several problems together',
    change: (c) => {
      delete c.server.admin_token
      c.server.port = -1
      c.connections[1].schedule = 'every hour'
      c.connections[1].settings.page_size = 5000
      c.webhooks[0].url = 'not a url'
      c.extra = true
    },
    problems: () => [
      'server.admin_token: is required',
      'server.port: must be at least 0',
      'extra: unknown key',
      'connections[1].schedule: invalid cron expression "every hour": needs 5 fields (minute hour day-of-month month day-of-week) or a nickname such as @daily, found 2',
      'connections[1].settings.page_size: must be at most 1000',
      'webhooks[0].url: must be an absolute http or https URL',
    ],
  },
]

describe('loadConfig rejects bad configs', () => {
  const files = tempConfigDir()
  afterAll(files.cleanup)

  it.each(badCases.map((badCase, index) => ({ ...badCase, index })))('$name', async ({ change, env, problems, index }) => {
    const config = validConfig()
    change(config, files.dir)
    const path = files.write(`bad-${index}.yaml`, config)
    const result = await loadConfig({ path, env: env ?? {}, resolveRegistry: recordingResolver().resolve })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect([...result.problems].sort()).toEqual([...problems(files.dir)].sort())
  })

  it('has at least 20 distinct cases', () => {
    expect(new Set(badCases.map((badCase) => badCase.name)).size).toBeGreaterThanOrEqual(20)
  })
})

import { afterAll, describe, expect, it } from 'vitest'
import { KoppelError } from '../../core/errors.js'
import { loadConfig } from '../../config/load-config.js'
import { adminToken, recordingResolver, tempConfigDir, validConfig } from './config-fixtures.js'

const files = tempConfigDir()
afterAll(files.cleanup)

describe('loadConfig with a valid file', () => {
  it('returns the parsed config with defaults and the registry', async () => {
    const resolver = recordingResolver()
    const config = { ...validConfig(), plugins: ['./plugins/acme'] }
    const result = await loadConfig({ path: files.write('valid.yaml', config), env: {}, resolveRegistry: resolver.resolve })
    if (!result.ok) throw new Error(result.problems.join('\n'))

    expect(resolver.calls).toEqual([{ plugins: ['./plugins/acme'], baseDir: files.dir }])
    expect(result.config.server).toEqual({ host: '0.0.0.0', port: 8080, public_url: 'https://koppel.example.com', admin_token: adminToken, max_body_bytes: 1048576 })
    expect(result.config.storage).toEqual({ driver: 'sqlite', path: './data/koppel.db', run_lease: '30s' })
    expect(result.config.log.level).toBe('info')
    expect(result.config.delivery).toEqual({ concurrency: 32, poll_interval: '1s' })

    const [acme, beta] = result.config.connections
    expect(acme?.employers).toEqual(['123456', '54321'])
    expect(acme?.full_sync_schedule).toBe('30 2 * * *')
    expect(acme?.timezone).toBe('Europe/Amsterdam')
    expect(acme?.delete_guard).toEqual({ max_ratio: 0.2, min_count: 10 })
    // The connector schema's output replaces the raw block: its defaults are applied.
    expect(acme?.settings).toEqual({ environment: 'production', client_id: 'abc', fetch_bsn: true, page_size: 250, concurrency: 4 })
    expect(beta?.settings.environment).toBe('acceptance')
    expect(beta?.schedule).toBeUndefined()
    expect(beta?.full_sync_schedule).toBeUndefined()

    const [webhook] = result.config.webhooks
    expect(webhook?.events).toEqual(['*'])
    expect(webhook?.retry_schedule).toHaveLength(9)
    expect(webhook?.timeout).toBe('15s')
    expect(result.registry.get('loket')?.id).toBe('loket')
  })

  it('keeps an explicit full_sync_schedule', async () => {
    const config = validConfig()
    config.connections[0].full_sync_schedule = '0 3 * * 0'
    const result = await loadConfig({ path: files.write('full-sync.yaml', config), env: {}, resolveRegistry: recordingResolver().resolve })
    expect(result.ok && result.config.connections[0]?.full_sync_schedule).toBe('0 3 * * 0')
  })
})

describe('loadConfig and plugins', () => {
  const failing = (error: unknown) => async () => {
    throw error
  }
  const withPlugins = () => files.write('plugins.yaml', { ...validConfig(), plugins: ['./plugins/a', './plugins/a-b'] })

  it('attributes a failure through details.plugin', async () => {
    const error = new KoppelError('plugin_invalid', 'plugin "./plugins/a-b": default export is not a plugin', { details: { plugin: './plugins/a-b' } })
    const result = await loadConfig({ path: withPlugins(), env: {}, resolveRegistry: failing(error) })
    expect(result).toEqual({ ok: false, problems: ['plugins[1]: plugin "./plugins/a-b": default export is not a plugin'] })
  })

  it('attributes a failure through the message, preferring the longest entry named', async () => {
    const error = new KoppelError('plugin_invalid', 'cannot import ./plugins/a-b/index.ts')
    const result = await loadConfig({ path: withPlugins(), env: {}, resolveRegistry: failing(error) })
    expect(result).toEqual({ ok: false, problems: ['plugins[1]: cannot import ./plugins/a-b/index.ts'] })
  })

  it('reports an unattributable failure under plugins and still reports other problems', async () => {
    const config = validConfig()
    config.plugins = ['./plugins/a']
    config.server.port = 'x'
    const error = new KoppelError('plugin_invalid', 'duplicate connector id "loket"')
    const result = await loadConfig({ path: files.write('plugins-2.yaml', config), env: {}, resolveRegistry: failing(error) })
    // Without a registry, connectors cannot be checked: no "unknown connector" noise.
    expect(result).toEqual({ ok: false, problems: ['plugins: duplicate connector id "loket"', 'server.port: must be a number'] })
  })
})

describe('loadConfig and unreadable files', () => {
  const resolveRegistry = recordingResolver().resolve

  it('reports a missing file', async () => {
    const path = `${files.dir}/nope.yaml`
    expect(await loadConfig({ path, resolveRegistry })).toEqual({ ok: false, problems: [`cannot read config file ${path} (no such file)`] })
  })

  it('reports a folder given as the file', async () => {
    expect(await loadConfig({ path: files.dir, resolveRegistry })).toEqual({ ok: false, problems: [`cannot read config file ${files.dir} (is a directory)`] })
  })

  it.each([
    ['empty', ''],
    ['comments only', '# nothing configured yet\n'],
  ])('reports an %s file', async (_name, text) => {
    const path = files.write('empty.yaml', text)
    expect(await loadConfig({ path, resolveRegistry })).toEqual({ ok: false, problems: [`config file ${path} is empty`] })
  })

  it('reports a YAML syntax error with line and column', async () => {
    const path = files.write('syntax.yaml', 'server:\n  port: 8080\nsecrets: { encryption_key: abc\nlog:\n  level: info\n')
    const result = await loadConfig({ path, resolveRegistry })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual([`${path}: YAML syntax error at line 4, column 1: flow map in block collection must be sufficiently indented and end with a }`])
    expect(result.problems.join('\n')).not.toMatch(/\n\s+at /)
  })

  it('reports duplicate keys as a syntax error', async () => {
    const path = files.write('duplicate.yaml', 'server:\n  port: 1\nserver:\n  port: 2\n')
    expect(await loadConfig({ path, resolveRegistry })).toEqual({ ok: false, problems: [`${path}: YAML syntax error at line 3, column 1: duplicate key "server" (a key may appear once per mapping)`] })
  })

  it.each([
    ['a list', '- server\n- secrets\n'],
    ['a string', 'just text\n'],
  ])('reports a top level that is %s', async (found, text) => {
    const path = files.write('top.yaml', text)
    const result = await loadConfig({ path, resolveRegistry })
    expect(result).toEqual({ ok: false, problems: [`the top level of ${path} must be a mapping (server:, secrets:, connections:, …), found ${found}`] })
  })

  it('supports YAML anchors and merge keys for shared blocks', async () => {
    const { encryption_key } = validConfig().secrets
    const text = `server: { public_url: "https://k.example.com", admin_token: "${adminToken}" }
secrets: { encryption_key: "${encryption_key}" }
connections:
  - &loket-defaults
    id: one
    connector: loket
    employers: ["1"]
    settings: { client_id: abc, page_size: 100 }
  - <<: *loket-defaults
    id: two
`
    const result = await loadConfig({ path: files.write('merge.yaml', text), env: {}, resolveRegistry })
    if (!result.ok) throw new Error(result.problems.join('\n'))
    expect(result.config.connections.map((connection) => [connection.id, connection.settings.page_size])).toEqual([
      ['one', 100],
      ['two', 100],
    ])
  })
})

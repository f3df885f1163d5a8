import { afterAll, describe, expect, it } from 'vitest'
import { expandVariables, pathKey } from '../../config/expand-variables.js'
import { loadConfig } from '../../config/load-config.js'
import { recordingResolver, tempConfigDir, validConfig } from './config-fixtures.js'

const files = tempConfigDir()
afterAll(files.cleanup)

describe('expandVariables', () => {
  const env = { HOST: 'db.internal', PORT: '5432', EMPTY: '' }

  it('replaces whole, embedded and repeated references and honours $${ escapes', () => {
    const document = {
      whole: '${HOST}',
      embedded: 'postgres://${HOST}:${PORT}/koppel',
      escaped: 'literal $${HOST} and $${PORT',
      mixed: '$${HOST}=${HOST}',
      list: ['a', '${PORT}'],
      nested: { deeper: { value: 'x-${ HOST }' } },
      untouched: [1, true, null, 'plain $ and {braces}'],
    }
    const result = expandVariables(document, { env, baseDir: files.dir })
    expect(result.problems).toEqual([])
    expect(result.value).toEqual({
      whole: 'db.internal',
      embedded: 'postgres://db.internal:5432/koppel',
      escaped: 'literal ${HOST} and ${PORT',
      mixed: '${HOST}=db.internal',
      list: ['a', '5432'],
      nested: { deeper: { value: 'x-db.internal' } },
      untouched: [1, true, null, 'plain $ and {braces}'],
    })
    expect(result.expandedPaths).toEqual(
      new Set([['whole'], ['embedded'], ['mixed'], ['list', 1], ['nested', 'deeper', 'value']].map(pathKey)),
    )
    // The input is not modified.
    expect(document.whole).toBe('${HOST}')
  })

  it('never expands keys', () => {
    const result = expandVariables({ '${HOST}': 'v' }, { env, baseDir: files.dir })
    expect(result.value).toEqual({ '${HOST}': 'v' })
  })

  it('reads ${file:} relative to the base folder and absolute, trimmed', () => {
    const absolute = files.write('token.txt', '  secret-token\n\n')
    files.write('key.txt', 'the-key\n')
    const result = expandVariables({ a: '${file:key.txt}', b: '${file:./key.txt}', c: `Bearer \${file:${absolute}}` }, { env, baseDir: files.dir })
    expect(result.problems).toEqual([])
    expect(result.value).toEqual({ a: 'the-key', b: 'the-key', c: 'Bearer secret-token' })
  })

  it('reports every failing reference at its path and keeps the raw text there', () => {
    const document = { a: { b: ['ok', '${MISSING}-${ALSO_MISSING}'] }, c: '${file:nope.txt}', d: '${not a name}', e: 'x ${UNCLOSED', f: '${file:}', g: '${EMPTY}' }
    const result = expandVariables(document, { env, baseDir: files.dir })
    expect(result.problems).toEqual([
      'a.b[1]: environment variable MISSING is not set',
      'a.b[1]: environment variable ALSO_MISSING is not set',
      `c: cannot read file ${files.dir}/nope.txt (no such file)`,
      'd: invalid reference "${not a name}" (use ${NAME} or ${file:/path})',
      'e: unclosed "${" (write "$${" for a literal "${")',
      'f: "${file:}" needs a path',
      'g: environment variable EMPTY is empty',
    ])
    expect(result.value).toEqual(document)
    expect(result.failedPaths).toEqual([['a', 'b', 1], ['c'], ['d'], ['e'], ['f'], ['g']])
  })
})

describe('loadConfig with references', () => {
  const resolveRegistry = recordingResolver().resolve

  it('expands env and files, converting numbers and booleans only where the schema wants them', async () => {
    files.write('admin-token', `${'0'.repeat(30)}\n`)
    const config = validConfig()
    config.server.port = '${PORT}'
    config.server.admin_token = '${file:admin-token}'
    config.server.public_url = 'https://${DOMAIN}/'
    config.connections[0].enabled = '${ENABLED}'
    config.connections[0].settings = { client_id: '${CLIENT_ID}', page_size: '${PAGE_SIZE}', fetch_bsn: '${FETCH_BSN}' }
    const env = { PORT: '9090', DOMAIN: 'koppel.example.nl', ENABLED: 'false', CLIENT_ID: '12345', PAGE_SIZE: '100', FETCH_BSN: 'false' }

    const result = await loadConfig({ path: files.write('refs.yaml', config), env, resolveRegistry })
    if (!result.ok) throw new Error(result.problems.join('\n'))
    expect(result.config.server.port).toBe(9090)
    // A numeric-looking secret stays a string: the schema wants a string there.
    expect(result.config.server.admin_token).toBe('0'.repeat(30))
    expect(result.config.server.public_url).toBe('https://koppel.example.nl')
    expect(result.config.connections[0]?.enabled).toBe(false)
    expect(result.config.connections[0]?.settings).toMatchObject({ client_id: '12345', page_size: 100, fetch_bsn: false })
  })

  it('does not convert literal strings, nor references that do not look like numbers', async () => {
    const config = validConfig()
    config.server.port = '8080'
    config.delivery = { concurrency: '${CONCURRENCY}' }
    const result = await loadConfig({ path: files.write('literal.yaml', config), env: { CONCURRENCY: 'many' }, resolveRegistry })
    expect(result).toEqual({ ok: false, problems: ['server.port: must be a number', 'delivery.concurrency: must be a number'] })
  })

  it('reports a failed reference once, not again as a schema problem', async () => {
    const config = validConfig()
    config.server.admin_token = '${KOPPEL_ADMIN_TOKEN}'
    config.connections[0].settings.client_id = '${LOKET_CLIENT_ID}'
    const result = await loadConfig({ path: files.write('unset.yaml', config), env: {}, resolveRegistry })
    expect(result).toEqual({
      ok: false,
      problems: ['server.admin_token: environment variable KOPPEL_ADMIN_TOKEN is not set', 'connections[0].settings.client_id: environment variable LOKET_CLIENT_ID is not set'],
    })
  })

  it('defaults to process.env', async () => {
    const config = validConfig()
    config.server.admin_token = '${KOPPEL_TEST_ADMIN_TOKEN_FOR_CONFIG}'
    process.env.KOPPEL_TEST_ADMIN_TOKEN_FOR_CONFIG = 'z'.repeat(40)
    try {
      const result = await loadConfig({ path: files.write('process-env.yaml', config), resolveRegistry })
      expect(result.ok && result.config.server.admin_token).toBe('z'.repeat(40))
    } finally {
      delete process.env.KOPPEL_TEST_ADMIN_TOKEN_FOR_CONFIG
    }
  })
})

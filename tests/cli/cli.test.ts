import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
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
    execFile(process.execPath, ['--import', 'tsx', join(root, 'gateway.ts'), ...args], { cwd: root, env, timeout: 90_000 }, (error, stdout, stderr) => {
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

/** Runs a few child processes at a time: the test machine has few cores. */
async function inBatches<T>(jobs: Array<() => Promise<T>>, size = 3): Promise<T[]> {
  const results: T[] = []
  for (let i = 0; i < jobs.length; i += size) results.push(...await Promise.all(jobs.slice(i, i + size).map((job) => job())))
  return results
}

/** The same config with `log.level: info`, written beside it. */
function infoLogging(path: string): string {
  const info = path.replace(/\.yaml$/, '-info.yaml')
  writeFileSync(info, readFileSync(path, 'utf8').replace('log: { level: warn }', 'log: { level: info }'))
  return info
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

  it('--help and help print the usage on stdout, exit 0', async () => {
    for (const args of [['--help'], ['help'], ['sync', '--help']]) {
      const result = await cli(args)
      expect(result.code, args.join(' ')).toBe(0)
      expect(result.stdout).toMatch(/^usage: /)
      expect(result.stdout).toContain('exit codes: 0 ok, 1 failure, 2 bad configuration')
    }
  })

  it('bad usage, an unknown connection or sandbox: one line on stderr, no stack, exit 2', { timeout: 120_000 }, async () => {
    const path = config('usage.yaml', join(dir, 'usage.csv'))
    const cases: Array<[string[], RegExp]> = [
      [['sync', 'nope', '--config', path], /^unknown connection "nope" \(configured: people\)$/],
      [['check', 'nope', '--config', path], /^unknown connection "nope"/],
      [['authorize', 'nope', '--config', path], /^unknown connection "nope"/],
      [['authorize', 'people', '--config', path], /people uses file, not the OAuth2 authorization-code flow/],
      [['sync', 'people', '--mode', 'sometimes', '--config', path], /^--mode is full or incremental$/],
      [['sandbox', 'loket', '--port', 'abc'], /^--port must be a whole number from 0 to 65535, not "abc"$/],
      [['sandbox', 'loket', '--port', '70000'], /^--port must be/],
      [['sandbox', 'loket', '--employees', '0'], /^--employees must be/],
      [['sandbox', 'nmbrs'], /^unknown sandbox "nmbrs" \(available: loket\)$/],
      [['frobnicate'], /^unknown command "frobnicate" \(see --help\)$/],
      [['validate', '--bogus'], /^Unknown option '--bogus' \(see --help\)$/],
      [[], /^no command given/],
    ]
    const results = await inBatches(cases.map(([args]) => () => cli(args)))
    results.forEach((result, index) => {
      const [args, message] = cases[index]!
      expect({ args, code: result.code }).toEqual({ args, code: 2 })
      expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1)
      expect(result.stderr.trim(), args.join(' ')).toMatch(message)
    })
  })

  it('a port in use: one line naming the setting, exit 2, for start and sandbox', { timeout: 120_000 }, async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const port = (holder.address() as AddressInfo).port
    try {
      const path = config('port.yaml', join(dir, 'port.csv'))
      writeFileSync(path, readFileSync(path, 'utf8').replace('server: {', `server: { host: 127.0.0.1, port: ${port},`))
      const [start, sandbox] = await Promise.all([cli(['start', '--config', path]), cli(['sandbox', 'loket', '--port', String(port)])])
      expect(start.code).toBe(2)
      expect(start.stderr.trim()).toBe(`server.port: 127.0.0.1:${port} is already in use`)
      expect(sandbox.code).toBe(2)
      expect(sandbox.stderr.trim()).toBe(`--port ${port} is already in use`)
    } finally {
      holder.close()
    }
  })

  it('an impossible storage.path: one line starting storage.path, exit 2, for start and sync', { timeout: 120_000 }, async () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, 'not a directory')
    const paths = [dir, join(file, 'koppel.db')]
    const runs = paths.flatMap((storage, index) => {
      const path = config(`storage-${index}.yaml`, join(dir, 'storage.csv'))
      writeFileSync(path, readFileSync(path, 'utf8').replace(/storage: \{ path: "[^"]*" \}/, `storage: { path: "${storage}" }`))
      return [() => cli(['start', '--config', path]), () => cli(['sync', 'people', '--config', path])]
    })
    for (const result of await inBatches(runs)) {
      expect(result.code).toBe(2)
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/^storage\.path: /)
    }
  })

  it('healthcheck asks /healthz on the configured host and port: 0 healthy, 1 not', { timeout: 120_000 }, async () => {
    const { createServer: createHttpServer } = await import('node:http')
    const healthz = createHttpServer((req, res) => { res.statusCode = req.url === '/healthz' ? 200 : 404; res.end() })
    await new Promise<void>((resolve) => healthz.listen(0, '127.0.0.1', resolve))
    const port = (healthz.address() as AddressInfo).port
    const path = config('health.yaml', join(dir, 'health.csv'))
    const text = readFileSync(path, 'utf8')
    try {
      writeFileSync(path, text.replace('server: {', `server: { host: 127.0.0.1, port: ${port},`))
      expect((await cli(['healthcheck', '--config', path])).code).toBe(0)
    } finally {
      await new Promise((resolve) => healthz.close(resolve))
    }
    const down = await cli(['healthcheck', '--config', path])
    expect(down.code).toBe(1)
    expect(down.stderr).toContain(`http://127.0.0.1:${port}/healthz`)
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
    expect(first.stdout).toMatch(/employee: 10 fetched, 10 created, 0 updated, 0 deleted, 0 unchanged, 0 invalid/)
    expect(first.code).toBe(0)
    const again = await cli(['sync', 'people', '--config', infoLogging(path)])
    expect(again.stdout).toMatch(/employee: 10 fetched, 0 created, 0 updated, 0 deleted, 10 unchanged, 0 invalid/)
    const finished = again.stderr.split('\n').find((line) => line.includes('"msg":"sync finished"'))
    expect(finished?.match(/"runId"/g), 'runId once in the "sync finished" line').toHaveLength(1)

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
    // An unknown connection is a usage error (DESIGN §8).
    expect((await cli(['sync', 'nobody', '--config', path])).code).toBe(2)
  })
})

import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/load-config.js'
import { gatewayRegistry } from '../../cli/gateway-registry.js'
import { recordingResolver } from './config-fixtures.js'

const examplePath = fileURLToPath(new URL('../../config/gateway.example.yaml', import.meta.url))

const env = {
  KOPPEL_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
  KOPPEL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  LOKET_CLIENT_ID: 'koppel-client',
  LOKET_CLIENT_SECRET: 'client-secret',
  BENEFITS_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
}

describe('config/gateway.example.yaml', () => {
  it('validates against a loket-like connector', async () => {
    const result = await loadConfig({ path: examplePath, env, resolveRegistry: recordingResolver().resolve })
    if (!result.ok) throw new Error(result.problems.join('\n'))
    const [connection] = result.config.connections
    expect(connection).toMatchObject({ id: 'acme-loket', connector: 'loket', schedule: '0 */4 * * *', employers: ['123456', '54321'] })
    expect(connection?.settings).toMatchObject({ client_id: env.LOKET_CLIENT_ID, client_secret: env.LOKET_CLIENT_SECRET, page_size: 250 })
    expect(result.config.webhooks[0]).toMatchObject({ id: 'benefits', secret: env.BENEFITS_WEBHOOK_SECRET, connections: ['acme-loket'] })
  })

  it('validates against the built-in connectors', async () => {
    const result = await loadConfig({ path: examplePath, env, resolveRegistry: gatewayRegistry })
    if (!result.ok) throw new Error(result.problems.join('\n'))
    expect(result.registry.get('loket')?.id).toBe('loket')
  })

  it('names every variable it needs', async () => {
    const result = await loadConfig({ path: examplePath, env: {}, resolveRegistry: recordingResolver().resolve })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual([
      'server.admin_token: environment variable KOPPEL_ADMIN_TOKEN is not set',
      'secrets.encryption_key: environment variable KOPPEL_ENCRYPTION_KEY is not set',
      'connections[0].settings.client_id: environment variable LOKET_CLIENT_ID is not set',
      'connections[0].settings.client_secret: environment variable LOKET_CLIENT_SECRET is not set',
      'webhooks[0].secret: environment variable BENEFITS_WEBHOOK_SECRET is not set',
    ])
  })

  it('documents every key with a comment above it or on its line', () => {
    const lines = readFileSync(examplePath, 'utf8').split('\n')
    const undocumented = lines.flatMap((line, index) => {
      if (!/^\s*(- )?[a-z_]+:/.test(line)) return []
      const previous = lines[index - 1]?.trim() ?? ''
      return line.includes(' # ') || previous.startsWith('#') ? [] : [`line ${index + 1}: ${line.trim()}`]
    })
    expect(undocumented).toEqual([])
    expect(lines.filter((line) => /^\s*(- )?[a-z_]+:/.test(line)).length).toBeGreaterThan(40)
  })
})

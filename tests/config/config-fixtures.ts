import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { z } from 'zod'
import { defineConnector, type ConnectorDefinition } from '../../core/connector.js'
import type { Registry } from '../../core/registry.js'

/** A loket-like connector: the settings keys of DESIGN.md §5, no network. */
export const fakeLoket = defineConnector({
  id: 'loket',
  displayName: 'Loket (test)',
  status: 'stable',
  apiVersion: 1,
  settings: z.strictObject({
    environment: z.enum(['production', 'acceptance']).default('production'),
    client_id: z.string().min(1),
    client_secret: z.string().min(1).optional(),
    fetch_bsn: z.boolean().default(true),
    page_size: z.number().int().min(1).max(1000).default(250),
    concurrency: z.number().int().min(1).max(32).default(4),
  }),
  auth: { kind: 'api-key' },
  async *fetch() {},
  normalize: () => [],
})

const fakeAfas = defineConnector({
  id: 'afas',
  displayName: 'AFAS (test)',
  status: 'stub',
  apiVersion: 1,
  settings: z.strictObject({ token: z.string().min(1) }),
  auth: { kind: 'api-key' },
  async *fetch() {},
  normalize: () => [],
})

export function registryOf(definitions: ConnectorDefinition[]): Registry {
  return { get: (id) => definitions.find((definition) => definition.id === id), list: () => [...definitions] }
}

export const testRegistry = registryOf([fakeLoket as ConnectorDefinition, fakeAfas as ConnectorDefinition])

/** A `resolveRegistry` that remembers what it was asked for. */
export function recordingResolver(registry: Registry = testRegistry) {
  const calls: { plugins: string[]; baseDir: string }[] = []
  const resolve = async (plugins: string[], baseDir: string): Promise<Registry> => {
    calls.push({ plugins, baseDir })
    return registry
  }
  return { calls, resolve }
}

export const encryptionKey = randomBytes(32).toString('base64')
export const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`
export const adminToken = 'a'.repeat(32)

/** A valid config as plain data; tests change a copy and write it out. */
export function validConfig(): Record<string, any> {
  return {
    server: { port: 8080, public_url: 'https://koppel.example.com/', admin_token: adminToken },
    secrets: { encryption_key: encryptionKey },
    connections: [
      { id: 'acme-loket', connector: 'loket', schedule: '0 */4 * * *', employers: ['123456', 54321], settings: { client_id: 'abc' } },
      { id: 'beta-loket', connector: 'loket', employers: ['1'], settings: { client_id: 'def', environment: 'acceptance' } },
    ],
    webhooks: [{ id: 'benefits', url: 'https://benefits.example.com/hooks', secret: webhookSecret, connections: ['acme-loket'] }],
  }
}

/** A temp folder for config files, removed by `cleanup()`. */
export function tempConfigDir() {
  const dir = mkdtempSync(join(tmpdir(), 'koppel-config-'))
  return {
    dir,
    write(name: string, content: string | object): string {
      const path = join(dir, name)
      writeFileSync(path, typeof content === 'string' ? content : stringify(content))
      return path
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

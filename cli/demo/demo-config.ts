import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { generateEncryptionKey } from '../../core/auth/vault.js'

/** A free TCP port on 127.0.0.1 (the OAuth redirect URI must name the real port up front). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export interface DemoSecrets {
  adminToken: string
  webhookSecret: string
  env: Record<string, string>
}

/** Fresh secrets for one demo run, handed to the config through environment variables. */
export function demoSecrets(client: { clientId: string; clientSecret: string }): DemoSecrets {
  const adminToken = randomBytes(24).toString('base64url')
  const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`
  return {
    adminToken, webhookSecret,
    env: {
      KOPPEL_ADMIN_TOKEN: adminToken, KOPPEL_ENCRYPTION_KEY: generateEncryptionKey(), LOKET_CLIENT_ID: client.clientId,
      LOKET_CLIENT_SECRET: client.clientSecret, DEMO_WEBHOOK_SECRET: webhookSecret,
    },
  }
}

/** Writes the demo's YAML (the same format an operator writes); secrets come from env vars. */
export function writeDemoConfig(dir: string, input: { port: number; sandboxUrl: string; receiverUrl: string; employerNumber: string }): string {
  const yaml = `# Koppel demo configuration (written by npm run demo)
server: { host: 127.0.0.1, port: ${input.port}, public_url: "http://127.0.0.1:${input.port}", admin_token: "\${KOPPEL_ADMIN_TOKEN}" }
storage: { driver: sqlite, path: "${join(dir, 'koppel.db')}" }
secrets: { encryption_key: "\${KOPPEL_ENCRYPTION_KEY}" }
log: { level: warn }
connections:
  - id: demo-loket
    connector: loket
    employers: ["${input.employerNumber}"]
    initial_sync: baseline
    settings:
      api_base_url: "${input.sandboxUrl}/v2"
      oauth_base_url: "${input.sandboxUrl}"
      client_id: "\${LOKET_CLIENT_ID}"
      client_secret: "\${LOKET_CLIENT_SECRET}"
webhooks:
  - id: demo-receiver
    url: "${input.receiverUrl}"
    secret: "\${DEMO_WEBHOOK_SECRET}"
    retry_schedule: [1s, 2s, 5s]
`
  const path = join(dir, 'gateway.yaml')
  writeFileSync(path, yaml)
  return path
}

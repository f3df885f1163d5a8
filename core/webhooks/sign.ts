import { createHmac } from 'node:crypto'
import { userAgent } from '../version.js'

export interface SigningSecrets {
  secret: string
  previous_secrets?: readonly { secret: string; until: string }[]
}

/** The key bytes of a Standard Webhooks secret: standard base64 after the `whsec_` prefix. */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64')
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` for one key. */
export function signature(key: Buffer, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`
}

/**
 * The Standard Webhooks headers of one attempt, signed with the current secret and every
 * previous secret whose `until` is still ahead (rotation), space-separated. Keys are decoded
 * once per signer, not per attempt.
 *
 * @example
 * const sign = createSigner(webhook)
 * await fetch(webhook.url, { method: 'POST', headers: sign('mut_01J…', body), body })
 */
export function createSigner(secrets: SigningSecrets): (id: string, body: string, now?: Date) => Record<string, string> {
  const current = secretKey(secrets.secret)
  const previous = (secrets.previous_secrets ?? []).map((p) => ({ key: secretKey(p.secret), until: Date.parse(p.until) }))
  return (id, body, now = new Date()) => {
    const timestamp = Math.floor(now.getTime() / 1000)
    const keys = [current, ...previous.filter((p) => p.until > now.getTime()).map((p) => p.key)]
    return {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': keys.map((key) => signature(key, id, timestamp, body)).join(' '),
      'content-type': 'application/json',
      'user-agent': userAgent,
    }
  }
}

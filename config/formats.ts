import { parseEncryptionKey } from '../core/auth/vault.js'
import { eventTypes } from '../core/model/index.js'

/**
 * Checks for the string formats the config accepts that a regex cannot express. Each is a
 * plain predicate so the schema can use it in a `refine` and report `path: message`.
 */

/** An IANA time zone the runtime knows (`Europe/Amsterdam`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone })
    return true
  } catch {
    return false
  }
}

/** 32 bytes in canonical base64, exactly what the vault will accept at start-up. */
export function isEncryptionKey(value: string): boolean {
  try {
    parseEncryptionKey(value)
    return true
  } catch {
    return false
  }
}

/** `whsec_` + base64 of 24 to 64 bytes, the Standard Webhooks secret format. */
export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith('whsec_')) return false
  const base64 = value.slice('whsec_'.length)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return false
  const bytes = Buffer.from(base64, 'base64')
  // Re-encoding catches truncated input that Buffer would silently decode anyway.
  if (bytes.toString('base64').replace(/=+$/, '') !== base64.replace(/=+$/, '')) return false
  return bytes.length >= 24 && bytes.length <= 64
}

/** True when an `events:` pattern (`employee.*`, `*.deleted`, `*`) matches at least one event type, so typos fail loudly. */
export function matchesSomeEventType(pattern: string): boolean {
  if (pattern === '*') return true
  const [group, name] = pattern.split('.')
  return eventTypes.some((type) => {
    const [typeGroup, typeName] = type.split('.')
    return (group === '*' || group === typeGroup) && (name === '*' || name === typeName)
  })
}

/** A `postgres://` or `postgresql://` URL (`postgres://user:password@host:5432/koppel`). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value) && URL.canParse(value)
}

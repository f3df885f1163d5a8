import type { OutboxMessage } from '../model/index.js'
import { excludeFields } from './exclude-fields.js'

/** Payloads above this many bytes are refused at enqueue (DESIGN.md §7). */
export const maxPayloadBytes = 256 * 1024

/**
 * The exact body every attempt sends (DESIGN.md §7): `{"type","timestamp","data"}`, with the
 * subscription's `exclude_fields` removed. Serialized once; signatures cover these bytes.
 */
export function buildPayload(message: OutboxMessage, exclude: readonly string[] = []): string {
  const data = excludeFields(message.data as Record<string, unknown>, exclude)
  return JSON.stringify({ type: message.type, timestamp: message.timestamp, data })
}

/** Reads `type` back from a stored payload without parsing a possibly large body. */
export function payloadType(payload: string): string {
  const match = /^\{"type":"([^"\\]*)"/.exec(payload)
  if (match) return match[1]!
  return String((JSON.parse(payload) as { type?: unknown }).type ?? '')
}

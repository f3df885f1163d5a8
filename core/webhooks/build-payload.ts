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

/**
 * The body one subscription is sent, from its message's stored full body: the same bytes as
 * `buildPayload(message, exclude)`, since the stored body is `buildPayload(message)` and
 * parsing it gives the same members in the same order. Nothing to remove: the stored bytes
 * as they are. Depends only on its arguments, so every attempt and replay sends the same.
 */
export function renderPayload(stored: string, exclude: readonly string[]): string {
  if (exclude.length === 0) return stored
  const { type, timestamp, data } = JSON.parse(stored) as { type: string; timestamp: string; data: Record<string, unknown> }
  return JSON.stringify({ type, timestamp, data: excludeFields(data, exclude) })
}

/** Reads `type` back from a stored payload without parsing a possibly large body. */
export function payloadType(payload: string): string {
  const match = /^\{"type":"([^"\\]*)"/.exec(payload)
  if (match) return match[1]!
  return String((JSON.parse(payload) as { type?: unknown }).type ?? '')
}

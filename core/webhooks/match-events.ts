import type { WebhookConfig } from '../../config/schema.js'
import type { OutboxMessage } from '../model/index.js'

/** True when `type` (`employee.updated`) matches one of `employee.*`, `*.deleted`, `*` or an exact type. */
export function matchesEvent(patterns: readonly string[], type: string): boolean {
  const [group, action] = splitType(type)
  return patterns.some((pattern) => {
    if (pattern === '*' || pattern === type) return true
    const [patternGroup, patternAction] = splitType(pattern)
    return (patternGroup === '*' || patternGroup === group) && (patternAction === '*' || patternAction === action)
  })
}

/**
 * Whether a subscription receives a message: its event patterns match the type and its
 * `connections` filter (if any) lists the message's connection. Messages without a
 * connection (global operational events) pass every connection filter.
 */
export function matchesSubscription(webhook: Pick<WebhookConfig, 'events' | 'connections'>, message: Pick<OutboxMessage, 'type' | 'connection'>): boolean {
  if (!matchesEvent(webhook.events, message.type)) return false
  if (message.connection === null || webhook.connections === undefined) return true
  return webhook.connections.includes(message.connection)
}

function splitType(type: string): [string, string] {
  const dot = type.indexOf('.')
  return dot < 0 ? [type, ''] : [type.slice(0, dot), type.slice(dot + 1)]
}

import type { Registry } from '../core/registry.js'
import { problemAt } from './config-problems.js'
import { nearestKey } from './nearest-key.js'

/**
 * Checks that need the whole file or the registry: unique connection and webhook ids,
 * unique employers per connection, webhook `connections:` naming configured connections,
 * and `connector:` naming a registered connector (skipped without a registry, i.e. when
 * plugins failed to load). Works on the raw document, so these problems are reported even
 * when the schema finds others.
 */
export function checkReferences(document: Record<string, unknown>, registry: Registry | undefined): string[] {
  const problems: string[] = []
  const connections = listOf(document.connections)
  const webhooks = listOf(document.webhooks)

  problems.push(...duplicates(connections.map((item) => stringAt(item, 'id')), (index, id) => problemAt(['connections', index, 'id'], `duplicate connection id "${id}"`)))
  problems.push(...duplicates(webhooks.map((item) => stringAt(item, 'id')), (index, id) => problemAt(['webhooks', index, 'id'], `duplicate webhook id "${id}"`)))

  connections.forEach((connection, index) => {
    const employers = listOf(isRecord(connection) ? connection.employers : undefined)
    const refs = employers.map((ref) => (typeof ref === 'string' || typeof ref === 'number' ? String(ref) : undefined))
    problems.push(...duplicates(refs, (at, ref) => problemAt(['connections', index, 'employers', at], `duplicate employer "${ref}"`)))

    const connector = stringAt(connection, 'connector')
    if (registry && connector !== undefined && connector !== '' && !registry.get(connector)) {
      const known = registry.list().map((definition) => definition.id).join(', ')
      problems.push(problemAt(['connections', index, 'connector'], `unknown connector "${connector}" (known: ${known})`))
    }
  })

  // A malformed `connections:` is reported by the schema, a mistyped one (`conections:`) as an
  // unknown key; naming its ids unknown would only repeat that.
  if (document.connections !== undefined && !Array.isArray(document.connections)) return problems
  if (document.connections === undefined && Object.keys(document).some((key) => key !== 'connections' && nearestKey(key, ['connections']) !== undefined)) return problems
  const connectionIds = new Set(connections.map((item) => stringAt(item, 'id')).filter((id) => id !== undefined))
  webhooks.forEach((webhook, index) => {
    listOf(isRecord(webhook) ? webhook.connections : undefined).forEach((id, at) => {
      if (typeof id === 'string' && !connectionIds.has(id)) {
        problems.push(problemAt(['webhooks', index, 'connections', at], `unknown connection "${id}"`))
      }
    })
  })
  return problems
}

/** One problem per repeat of a value already seen earlier in the list. */
function duplicates(values: readonly (string | undefined)[], describe: (index: number, value: string) => string): string[] {
  const seen = new Set<string>()
  const problems: string[] = []
  values.forEach((value, index) => {
    if (value === undefined) return
    if (seen.has(value)) problems.push(describe(index, value))
    seen.add(value)
  })
  return problems
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function stringAt(value: unknown, key: string): string | undefined {
  const item = isRecord(value) ? value[key] : undefined
  return typeof item === 'string' ? item : undefined
}

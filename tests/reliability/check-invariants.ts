import { canonicalJson } from '../../core/sync/canonical-json.js'
import type { MutationData } from '../../core/model/index.js'
import type { ReceivedWebhook } from '../fakes/webhook-receiver.js'
import { entityNames } from './admin-api.js'
import type { Snapshot } from './reference-snapshot.js'

export interface InvariantInput {
  served: Snapshot
  reference: Snapshot
  /** `entity/id` left out of the snapshot comparison (invalid at the source: the gateway keeps the last good version). */
  skip: ReadonlySet<string>
  feed: MutationData[]
  received: readonly ReceivedWebhook[]
  runs: Array<{ id: string; status: string }>
  deliveryCounts: Record<string, number>
  /** The feed starts at an empty database (`initial_sync: emit`): folding it must give the served snapshot. */
  feedFromEmpty: boolean
}

/**
 * What must hold after any crash once the gateway is back and has drained: the snapshot equals
 * the source, the feed has no gaps or duplicates, every mutation reached the receiver (repeats
 * only with the same id and body), nothing reached it that is not in the feed, no run is left
 * running and no delivery is stuck. Returns the problems (ids and counts only), empty when fine.
 */
export function checkInvariants(input: InvariantInput): string[] {
  const problems: string[] = []
  for (const entity of entityNames) {
    const byId = (records: unknown[] = []) => new Map(records
      .map((r) => [(r as { id: string }).id, canonicalJson(r)] as const)
      .filter(([id]) => !input.skip.has(`${entity}/${id}`)))
    const served = byId(input.served[entity])
    const source = byId(input.reference[entity])
    const missing = [...source.keys()].filter((id) => !served.has(id))
    const extra = [...served.keys()].filter((id) => !source.has(id))
    const differ = [...source.keys()].filter((id) => served.has(id) && served.get(id) !== source.get(id))
    if (missing.length + extra.length + differ.length > 0) {
      problems.push(`${entity}: ${missing.length} missing, ${extra.length} extra, ${differ.length} different (e.g. ${[...missing, ...extra, ...differ].slice(0, 3).join(', ')})`)
    }
  }

  if (input.feedFromEmpty) problems.push(...foldMismatches(input.feed, input.served))

  const first = input.feed[0]?.sequence ?? 1
  input.feed.forEach((m, i) => {
    if (m.sequence !== first + i) problems.push(`feed: sequence ${m.sequence} at position ${i} (expected ${first + i})`)
  })
  if (new Set(input.feed.map((m) => m.id)).size !== input.feed.length) problems.push('feed: duplicate mutation ids')

  const byId = new Map<string, ReceivedWebhook[]>()
  for (const request of input.received) byId.set(request.id, [...(byId.get(request.id) ?? []), request])
  if (input.received.some((r) => !r.verified)) problems.push('receiver: a request failed signature verification')
  let undelivered = 0
  for (const m of input.feed) {
    const copies = byId.get(m.id) ?? []
    if (copies.length === 0) {
      undelivered++
      continue
    }
    if (new Set(copies.map((c) => c.body)).size !== 1) problems.push(`receiver: ${m.id} arrived with different bodies`)
    if (canonicalJson(copies[0]!.json.data) !== canonicalJson(m)) problems.push(`receiver: ${m.id} (sequence ${m.sequence}) differs from the feed`)
  }
  if (undelivered > 0) problems.push(`receiver: ${undelivered} of ${input.feed.length} mutations never arrived`)
  const feedIds = new Set(input.feed.map((m) => m.id))
  const phantoms = input.received.filter((r) => !r.type.startsWith('sync.') && !r.type.startsWith('connection.') && !feedIds.has(r.id))
  if (phantoms.length > 0) problems.push(`receiver: ${phantoms.length} mutation(s) not in the feed (e.g. ${phantoms[0]!.id})`)

  const running = input.runs.filter((r) => r.status === 'running')
  if (running.length > 0) problems.push(`runs: ${running.map((r) => r.id).join(', ')} still running`)
  for (const status of ['pending', 'delivering', 'failed', 'refused']) {
    if ((input.deliveryCounts[status] ?? 0) > 0) problems.push(`deliveries: ${input.deliveryCounts[status]} ${status}`)
  }
  return problems
}

/** Applies the feed's creates, updates and deletes to an empty snapshot and compares it with the served one. */
function foldMismatches(feed: readonly MutationData[], served: Snapshot): string[] {
  const folded = new Map<string, string>()
  for (const m of feed) {
    const key = `${m.entity}/${m.recordId}`
    if (m.operation === 'deleted') folded.delete(key)
    else folded.set(key, canonicalJson(m.record))
  }
  const current = new Map<string, string>(entityNames.flatMap((entity) => (served[entity] ?? []).map((r) => [`${entity}/${(r as { id: string }).id}`, canonicalJson(r)] as const)))
  const wrong = [...current].filter(([key, json]) => folded.get(key) !== json).map(([key]) => key)
  const stale = [...folded.keys()].filter((key) => !current.has(key))
  return wrong.length + stale.length === 0 ? [] : [`feed: folding it gives ${wrong.length} record(s) unlike the snapshot and ${stale.length} the snapshot lacks (e.g. ${[...wrong, ...stale].slice(0, 3).join(', ')})`]
}

import type { CompleteRead } from '../connector.js'
import { KoppelError } from '../errors.js'
import { isEntity } from '../model/index.js'

export type MatchValue = string | number | boolean | null

/**
 * The complete reads a fetch claimed (`RawPage.complete`), grouped for matching: per entity,
 * per set of matched fields, the value tuples claimed. A stored record is covered when its
 * values of one such field set are one of the tuples.
 */
export class CompleteReads {
  readonly #byEntity = new Map<string, Map<string, { fields: string[]; tuples: Set<string> }>>()

  /** Adds a page's claims; a claim on an unknown entity or with a non-scalar value is a bug in the connector. */
  add(connectorId: string, claims: readonly CompleteRead[] | undefined): void {
    if (claims === undefined) return
    if (!Array.isArray(claims)) throw new KoppelError('internal_error', `connector ${connectorId}: a page's complete must be an array`)
    for (const claim of claims) {
      if (typeof claim?.entity !== 'string' || !isEntity(claim.entity)) throw new KoppelError('internal_error', `connector ${connectorId} claimed a complete read of an unknown entity`)
      if (typeof claim.match !== 'object' || claim.match === null) throw new KoppelError('internal_error', `connector ${connectorId}: a complete read needs a match object`)
      const fields = Object.keys(claim.match).sort()
      const values = fields.map((field) => claim.match[field])
      if (!values.every(isMatchValue)) throw new KoppelError('internal_error', `connector ${connectorId}: complete read values must be strings, numbers, booleans or null`)
      let sets = this.#byEntity.get(claim.entity)
      if (!sets) this.#byEntity.set(claim.entity, (sets = new Map()))
      const key = JSON.stringify(fields)
      let set = sets.get(key)
      if (!set) sets.set(key, (set = { fields, tuples: new Set() }))
      set.tuples.add(JSON.stringify(values))
    }
  }

  /** The entities with at least one claim. */
  entities(): string[] {
    return [...this.#byEntity.keys()]
  }

  /** The claims of `entity` per set of matched fields, each tuple in the fields' order. */
  claimsOf(entity: string): Array<{ fields: readonly string[]; tuples: MatchValue[][] }> {
    return [...(this.#byEntity.get(entity)?.values() ?? [])].map(({ fields, tuples }) => ({
      fields, tuples: [...tuples].map((tuple) => JSON.parse(tuple) as MatchValue[]),
    }))
  }

  /** True when a claim of `entity` covers this record. */
  covers(entity: string, record: Readonly<Record<string, unknown>>): boolean {
    const sets = this.#byEntity.get(entity)
    if (!sets) return false
    for (const { fields, tuples } of sets.values()) {
      if (tuples.has(JSON.stringify(fields.map((field) => record[field] ?? null)))) return true
    }
    return false
  }
}

function isMatchValue(value: unknown): value is MatchValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
}

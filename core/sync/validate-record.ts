import { entitySchemas, type CanonicalRecord } from '../model/index.js'

export interface InvalidRecord {
  entity: string
  id: string
  /** Paths and rule names only: never the offending value. */
  reason: string
}

/** Checks a normalized record against its canonical schema; the reason never holds a value. */
export function validateRecord(item: CanonicalRecord, employerId: string): { ok: true } | { ok: false; reason: string } {
  const schema = entitySchemas[item.entity]
  if (!schema) return { ok: false, reason: `unknown entity` }
  const result = schema.safeParse(item.record)
  if (!result.success) {
    const reason = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.code === 'custom' ? issue.message : issue.code}`)
      .join('; ')
    return { ok: false, reason }
  }
  if (item.record.employerId !== employerId) return { ok: false, reason: 'employerId: does not match the employer being synced' }
  return { ok: true }
}

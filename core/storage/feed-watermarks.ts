import type { Db } from './open-database.js'

export interface FeedFilter {
  after: number
  connection?: string
  entity?: string
}

/**
 * Whether retention pruned a mutation the feed query `filter` would have returned, that is
 * one with a sequence above `after` (of that connection and entity, when given). If so, the
 * oldest sequence from which the feed is complete again: the first mutation still kept above
 * the highest pruned one, or the next sequence to come when none is. Undefined when nothing
 * the consumer asks for is missing.
 */
export async function feedTruncatedAt(db: Db, filter: FeedFilter): Promise<number | undefined> {
  let marks = db.selectFrom('feed_watermarks').select((eb) => eb.fn.max('pruned_through').as('through'))
  if (filter.connection !== undefined) marks = marks.where('connection_id', '=', filter.connection)
  if (filter.entity !== undefined) marks = marks.where('entity', '=', filter.entity)
  const through = (await marks.executeTakeFirst())?.through
  if (through === null || through === undefined || Number(through) <= filter.after) return undefined
  let kept = db.selectFrom('mutations').select('sequence').where('sequence', '>', Number(through)).orderBy('sequence').limit(1)
  if (filter.connection !== undefined) kept = kept.where('connection_id', '=', filter.connection)
  if (filter.entity !== undefined) kept = kept.where('entity', '=', filter.entity)
  const first = await kept.executeTakeFirst()
  return first?.sequence ?? Number(through) + 1
}

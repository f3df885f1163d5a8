import { KoppelError } from '../errors.js'
import { existingMutationIds } from '../storage/replay-mutations.js'

type Executor = Parameters<typeof existingMutationIds>[0]

const namedInMessage = 10

/**
 * Refuses ids that name no stored mutation with a 400 that names them (all in
 * `details.unknownMutationIds`, the first few in the message): a typo must not look like
 * "nothing to do".
 */
export async function requireKnownMutations(db: Executor, ids: readonly string[]): Promise<void> {
  const found = await existingMutationIds(db, ids)
  const unknown = [...new Set(ids.filter((id) => !found.has(id)))]
  if (unknown.length === 0) return
  const named = unknown.slice(0, namedInMessage).join(', ')
  const more = unknown.length > namedInMessage ? ` and ${unknown.length - namedInMessage} more` : ''
  throw new KoppelError('invalid_request', `unknown mutation ids: ${named}${more}`, { details: { unknownMutationIds: unknown } })
}

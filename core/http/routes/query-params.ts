import { z } from 'zod'
import { KoppelError } from '../../errors.js'

/** Parses query parameters with a zod schema; problems become a 400 `invalid_request`. */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const result = schema.safeParse(query)
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
    throw new KoppelError('invalid_request', `invalid query: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, { details })
  }
  return result.data
}

/** Parses a JSON body (empty allowed when the schema accepts `{}`); bad JSON is a 400. */
export async function parseJsonBody<T extends z.ZodType>(schema: T, request: Request): Promise<z.infer<T>> {
  const text = await request.text()
  let value: unknown = {}
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text)
    } catch {
      throw new KoppelError('invalid_request', 'request body is not valid JSON')
    }
  }
  const result = schema.safeParse(value)
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
    throw new KoppelError('invalid_request', `invalid body: ${details.map((d) => `${d.path || '(body)'}: ${d.message}`).join('; ')}`, { details })
  }
  return result.data
}

export const limitParam = (defaultLimit: number, max: number) => z.coerce.number().int().min(1).max(max).default(defaultLimit)

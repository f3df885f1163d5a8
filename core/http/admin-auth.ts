import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { KoppelError } from '../errors.js'

const digest = (value: string) => createHash('sha256').update(value).digest()

/** `Authorization: Bearer <admin_token>`, compared in constant time (over digests, so lengths leak nothing). */
export function requireAdminToken(adminToken: string): MiddlewareHandler {
  const expected = digest(adminToken)
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer (.+)$/.exec(header)
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      throw new KoppelError('unauthorized', 'missing or invalid admin token')
    }
    await next()
  }
}

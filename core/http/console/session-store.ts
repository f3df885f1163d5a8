import { randomBytes } from 'node:crypto'
import type { ApiCheckReport } from './api-shapes.js'

export interface ConsoleSession {
  id: string
  /** The CSRF token every form of this session carries. */
  csrf: string
  lastSeenAt: number
  /** One message for the next page (after a POST redirects), then gone. */
  flash?: Flash
  /** The last "Controleren" report per connection, shown on its page until the next check. */
  checks: Map<string, ApiCheckReport>
}

export interface Flash {
  kind: 'ok' | 'error'
  text: string
}

export interface SessionStore {
  create(): ConsoleSession
  /** The live session with this id (its idle clock restarted), or null when unknown or expired. */
  touch(id: string | undefined): ConsoleSession | null
  destroy(id: string | undefined): void
}

const token = () => randomBytes(32).toString('base64url')

/**
 * The console's sessions, in this process's memory: a restart logs everyone out, and replicas
 * do not share them (a person stays on one replica or logs in again). A session ends after
 * `idleMs` without a request.
 */
export function createSessionStore(options: { idleMs: number; now?: () => number }): SessionStore {
  const now = options.now ?? Date.now
  const sessions = new Map<string, ConsoleSession>()
  const sweep = () => {
    for (const [id, session] of sessions) if (now() - session.lastSeenAt > options.idleMs) sessions.delete(id)
  }
  return {
    create() {
      sweep()
      const session: ConsoleSession = { id: token(), csrf: token(), lastSeenAt: now(), checks: new Map() }
      sessions.set(session.id, session)
      return session
    },
    touch(id) {
      if (id === undefined) return null
      const session = sessions.get(id)
      if (!session) return null
      if (now() - session.lastSeenAt > options.idleMs) {
        sessions.delete(id)
        return null
      }
      session.lastSeenAt = now()
      return session
    },
    destroy(id) {
      if (id !== undefined) sessions.delete(id)
    },
  }
}

export const newToken = token

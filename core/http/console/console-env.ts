import type { GatewayConfig } from '../../../config/schema.js'
import type { Logger } from '../../connector.js'
import type { Db } from '../../storage/open-database.js'
import type { ConsoleApi } from './console-api.js'
import type { HeldChanges } from './held-changes.js'
import type { ConsoleSession, SessionStore } from './session-store.js'
import type { Language, Texts } from './texts.js'

export interface ConsoleDeps {
  config: Pick<GatewayConfig, 'server' | 'webhooks'>
  /** Read-only, for "Laatste wijzigingen" (core/storage/latest-mutations.ts); every action goes through the admin API. */
  db: Db
  log: Logger
  /** Default: the in-memory store with an 8-hour idle timeout. */
  sessions?: SessionStore
  /** Default: the admin API's held/release routes (held-changes.ts). */
  held?: (api: ConsoleApi) => HeldChanges
}

/** What the console's middleware puts on every request's context. */
export interface ConsoleEnv {
  Variables: {
    language: Language
    t: Texts
    /** Path and query of this request, for the language switch and the return after login. */
    here: string
    session: ConsoleSession
    api: ConsoleApi
  }
}

export const sessionIdleMs = 8 * 60 * 60 * 1000
export const sessionCookie = 'koppel_session'
export const loginCookie = 'koppel_login'
export const languageCookie = 'koppel_lang'

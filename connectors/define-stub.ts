import { defineConnector, KoppelError, pluginApiVersion, type ConnectorAuth, type ConnectorDefinition } from 'koppel/sdk'
import type { z } from 'zod'

export interface StubOptions<S> {
  /** kebab-case; equals the folder name and the YAML `connector:` value. */
  id: string
  displayName: string
  /** One line for `GET /api/connectors`: what the system is and how it would be reached. */
  description: string
  /** What a sysadmin configures for this system, so a config can be written and validated today. */
  settings: z.ZodType<S>
  /** The system's real auth kind (oauth2 stubs give their real authorize and token URLs). */
  auth: ConnectorAuth<S>
}

/**
 * A connector that is declared but not built yet (DESIGN.md §2): its settings and auth are
 * real, so `validate` and `GET /api/connectors` already work; fetching fails with
 * `not_implemented` and normalize yields nothing. It has no pages yet, hence `never`.
 *
 * @example
 * export default defineStub({ id: 'afas', displayName: 'AFAS Profit', description: '…',
 *   settings: afasSettings, auth: { kind: 'api-key' } })
 */
export function defineStub<S>(options: StubOptions<S>): ConnectorDefinition<S, never> {
  const { id } = options
  return defineConnector<S, never>({
    ...options,
    status: 'stub',
    apiVersion: pluginApiVersion,
    // A generator, so the failure surfaces when the engine iterates, like a real fetch's would.
    async *fetch() {
      throw new KoppelError('not_implemented', `connector "${id}" is a stub: fetching is not implemented yet`)
    },
    normalize: () => [],
  })
}

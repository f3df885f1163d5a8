import type { Logger } from 'pino'
import type { GatewayConfig } from '../../config/schema.js'
import type { Vault } from '../auth/vault.js'
import type { Registry } from '../registry.js'
import type { Db } from '../storage/open-database.js'

/**
 * What the HTTP routes need. Each route group takes the part it uses; services that a route
 * group drives (sync runner, OAuth, dispatcher) are added by the composition root.
 */
export interface AppDeps {
  db: Db
  config: GatewayConfig
  registry: Registry
  vault: Vault
  log: Logger
}

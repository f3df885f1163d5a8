import type { GatewayConfig } from '../../config/schema.js'
import type { ConnectorDefinition, OAuth2Endpoints } from '../connector.js'
import { KoppelError } from '../errors.js'
import type { Registry } from '../registry.js'

export interface OAuthConnectionDeps {
  config: Pick<GatewayConfig, 'server' | 'connections'>
  registry: Pick<Registry, 'get'>
}

/** A configured connection whose connector authorizes with the OAuth2 authorization-code flow. */
export interface OAuthConnection {
  id: string
  connector: ConnectorDefinition
  endpoints: OAuth2Endpoints
  /** `<server.public_url>/oauth/callback`: the same on the authorize and token requests. */
  redirectUri: string
}

export function oauthRedirectUri(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/oauth/callback`
}

/**
 * Looks a connection up in the configuration and derives its OAuth2 endpoints from its
 * settings. `not_found` for an unknown connection, `conflict` when its connector does not
 * use the authorization-code flow.
 */
export function resolveOAuthConnection(deps: OAuthConnectionDeps, connectionId: string): OAuthConnection {
  const connection = deps.config.connections.find((candidate) => candidate.id === connectionId)
  if (!connection) throw new KoppelError('not_found', `connection ${connectionId} is not configured`, { details: { connection: connectionId } })
  const connector = deps.registry.get(connection.connector)
  if (!connector) throw new KoppelError('config_invalid', `connector ${connection.connector} is not registered`)
  if (connector.auth.kind !== 'oauth2-authorization-code') {
    throw new KoppelError('conflict', `connection ${connectionId} uses ${connector.auth.kind}, not the OAuth2 authorization-code flow`, {
      details: { connection: connectionId, auth: connector.auth.kind },
    })
  }
  const settings = connector.settings.safeParse(connection.settings)
  if (!settings.success) throw new KoppelError('config_invalid', `settings of connection ${connectionId} are invalid`)
  return { id: connectionId, connector, endpoints: connector.auth.endpoints(settings.data), redirectUri: oauthRedirectUri(deps.config.server.public_url) }
}

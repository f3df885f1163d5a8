/**
 * `koppel/sdk`: the one door into the engine for connectors and plugins (DESIGN.md §2,
 * STYLE.md §6). Everything a connector may use is exported here: the define helpers and the
 * `ctx` types, the canonical model with its validators, coded errors, and the fetch helpers
 * every REST connector needs (a bounded page channel, paging with its guards, one request
 * limiter). Nothing else of Koppel is a connector's to import; `koppel/sdk/testing` holds the
 * conformance suite.
 *
 * @example
 * import { defineConnector, pluginApiVersion, unknownPageType, type RawPage } from 'koppel/sdk'
 * type AcmePage = RawPage<'employees', AcmeEmployee> | RawPage<'contracts', AcmeContract>
 */
export {
  defineConnector,
  definePlugin,
  pluginApiVersion,
  unknownPageType,
  type AuthKind,
  type CheckFinding,
  type CheckReport,
  type CompleteRead,
  type ConnectorAuth,
  type ConnectorContext,
  type ConnectorDefinition,
  type EmployerRef,
  type EmployerResolution,
  type FetchContext,
  type FileUploadTarget,
  type HttpClient,
  type HttpRequestOptions,
  type HttpResponse,
  type Logger,
  type NormalizeContext,
  type OAuth2Endpoints,
  type PluginDefinition,
  type RawPage,
  type RunOutcome,
  type SyncMode,
  type UpstreamNotice,
} from '../core/connector.js'
export { errorStatus, isKoppelError, KoppelError, toErrorInfo, type ErrorCode, type ErrorInfo, type KoppelErrorOptions } from '../core/errors.js'
export * from '../core/model/entities.js'
export * from '../core/model/entity-registry.js'
export * from '../core/model/validators.js'
export { createPageChannel, type PageChannel } from './create-page-channel.js'
export { createRequestLimiter, type RequestLimiter } from './create-request-limiter.js'
// The engine's own zod: a plugin outside the repository cannot resolve 'zod', and its settings
// schemas should be made by the same zod the engine validates with.
export { z } from 'zod'
export { defaultGrowthSlackPages, defaultMaxPages, fetchPages, type FetchPagesOptions, type ListPage } from './fetch-pages.js'

import { z } from 'zod'

/**
 * `filter`: the service that answers `/user/filtersettings/{employerId}`. The OpenAPI document
 * names its production server (that path's `servers`); the acceptance one follows Loket's
 * `-acc` naming of its other hosts (not in the document).
 */
const productionUrls = { api: 'https://api.loket.nl/v2', oauth: 'https://oauth.loket.nl', filter: 'https://k8s.loket.nl/globalfilter-microservice' }
const acceptanceUrls = { api: 'https://api.loket-acc.nl/v2', oauth: 'https://oauth.loket-acc.nl', filter: 'https://k8s.loket-acc.nl/globalfilter-microservice' }

/**
 * The `settings:` block of a `loket` connection (DESIGN.md §5).
 *
 * @example
 * settings: { environment: acceptance, client_id: ${LOKET_CLIENT_ID}, client_secret: ${LOKET_CLIENT_SECRET} }
 */
export const loketSettingsSchema = z.strictObject({
  /** `production` (api.loket.nl) or `acceptance` (api.loket-acc.nl, test data). */
  environment: z.enum(['production', 'acceptance']).default('production'),
  /** Overrides the API base URL including `/v2` (tests point it at a local server). */
  api_base_url: z.url().optional(),
  /** Overrides the OAuth2 server URL (`/authorize` and `/token` are appended). */
  oauth_base_url: z.url().optional(),
  /**
   * Overrides the base of Loket's user filter service (`/user/filtersettings/{employerId}` is
   * appended). Without it the environment's filter service is used, or `api_base_url` when
   * only that is overridden (DESIGN.md §5).
   */
  filter_base_url: z.url().optional(),
  /** The OAuth2 client id Loket registered for this integration. */
  client_id: z.string().min(1),
  /** Required or not depending on how Loket configured the client. */
  client_secret: z.string().min(1).optional(),
  /** Fetch BSNs (needs the Loket right "Beheren en raadplegen BSN"). */
  fetch_bsn: z.boolean().default(true),
  /** Items per list request; Loket's default is 250, no documented maximum. */
  page_size: z.number().int().min(1).max(1000).default(250),
  /** Requests in flight at once for one employer. */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** Sync payroll results ("loonresultaten", DESIGN.md §3; needs the right "Raadplegen loonoutput beperkt"). */
  payroll_results: z.boolean().default(true),
  /** First payroll month read (`YYYY-MM`); older results are neither read nor deleted. Default: the 12 months before the run. */
  payroll_results_since: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2025-01').optional(),
  /** Per-request timeout (each attempt, body included), e.g. `30s` or `500ms`. Default 30s. */
  timeout: z.string().regex(/^\d+(ms|s|m)$/, 'must be a duration like 500ms, 30s or 2m').optional(),
})

export type LoketSettings = z.infer<typeof loketSettingsSchema>

export interface LoketUrls {
  /** API base without trailing slash, e.g. `https://api.loket.nl/v2`. */
  api: string
  /** OAuth2 server without trailing slash, e.g. `https://oauth.loket.nl`. */
  oauth: string
  /** Base of the user filter service without trailing slash, e.g. `https://k8s.loket.nl/globalfilter-microservice`. */
  filter: string
}

/**
 * The API, OAuth and filter base URLs of a connection: the environment's, unless overridden.
 * An overridden `api_base_url` alone also moves the filter service there (a test server, a
 * proxy): the filter settings are then read relative to it.
 */
export function resolveLoketUrls(settings: Pick<LoketSettings, 'environment' | 'api_base_url' | 'oauth_base_url' | 'filter_base_url'>): LoketUrls {
  const defaults = settings.environment === 'acceptance' ? acceptanceUrls : productionUrls
  return {
    api: trimSlash(settings.api_base_url ?? defaults.api),
    oauth: trimSlash(settings.oauth_base_url ?? defaults.oauth),
    filter: trimSlash(settings.filter_base_url ?? settings.api_base_url ?? defaults.filter),
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

import { z } from 'zod'

/** Nmbrs REST API: OAuth2 authorization code plus a product subscription key. */
export const nmbrsSettings = z.strictObject({
  /** From the Nmbrs app registration. */
  client_id: z.string().min(1, 'is required'),
  /** From the Nmbrs app registration; use `${NMBRS_CLIENT_SECRET}`. */
  client_secret: z.string().min(1, 'is required'),
  /** Sent as `X-Subscription-Key` on every call; use `${NMBRS_SUBSCRIPTION_KEY}`. */
  subscription_key: z.string().min(1, 'is required'),
  /** Space-separated OAuth2 scopes. */
  scope: z.string().min(1).default('employee.info.read employee.employment.read company.info.read offline_access'),
  /** Override of the API base (tests). Default https://api.nmbrsapp.com. */
  api_base_url: z.url().default('https://api.nmbrsapp.com'),
  /** Override of the identity server (tests). Default https://identityservice.nmbrs.com. */
  identity_base_url: z.url().default('https://identityservice.nmbrs.com'),
})

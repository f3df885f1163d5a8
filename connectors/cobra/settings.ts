import { z } from 'zod'

/**
 * SD Worx Cobra HRM & Salaris. The customer creates a "Cobra API client" (client identifier
 * and a secret shown once) and grants it GET on Person, PersonOrganization, Address, ….
 */
export const cobraSettings = z.strictObject({
  /** The API URL SD Worx supplies for this customer's application. */
  api_base_url: z.url('must be an absolute URL'),
  /** The Cobra API client's Client-Identifier. */
  client_id: z.string().min(1, 'is required'),
  /** The Cobra API client's secret; use `${COBRA_CLIENT_SECRET}`. */
  client_secret: z.string().min(1, 'is required'),
  /** Token endpoint, if SD Worx gives one apart from the API URL (not publicly documented). */
  token_url: z.url().optional(),
})

import { z } from 'zod'

/** Exact Online REST (payroll resources) via OAuth2 authorization code. */
export const exactOnlineSettings = z.strictObject({
  /** From the Exact App Center registration. */
  client_id: z.string().min(1, 'is required'),
  /** From the Exact App Center registration; use `${EXACT_CLIENT_SECRET}`. */
  client_secret: z.string().min(1, 'is required'),
  /** The administration (`/api/v1/{division}/…`); `current/Me` shows it. A string of digits is accepted too. */
  division: z.coerce.number().int().positive(),
  /** The country host: https://start.exactonline.nl (default), .be, .de, … */
  base_url: z.url().default('https://start.exactonline.nl'),
})

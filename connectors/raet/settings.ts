import { z } from 'zod'

/** Visma Raet Youforce IAM API: Visma Connect client credentials scoped to a tenant. */
export const raetSettings = z.strictObject({
  /** From the Visma Developer Portal. */
  client_id: z.string().min(1, 'is required'),
  /** From the Visma Developer Portal; use `${RAET_CLIENT_SECRET}`. */
  client_secret: z.string().min(1, 'is required'),
  /** The customer's Youforce tenant id. */
  tenant_id: z.string().min(1, 'is required'),
  /** Default https://api.youforce.com. */
  api_base_url: z.url().default('https://api.youforce.com'),
  /** Default https://connect.visma.com/connect/token. */
  token_url: z.url().default('https://connect.visma.com/connect/token'),
})

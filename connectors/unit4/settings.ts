import { z } from 'zod'

const clientCredentials = z.strictObject({
  /** Unit4 ERPx: OAuth2 client credentials. */
  type: z.literal('client_credentials'),
  client_id: z.string().min(1, 'is required'),
  /** Use `${UNIT4_CLIENT_SECRET}`. */
  client_secret: z.string().min(1, 'is required'),
  token_url: z.url('must be an absolute URL'),
})

const basic = z.strictObject({
  /** Unit4 ERP / Business World: an ERP user with Basic auth. */
  type: z.literal('basic'),
  username: z.string().min(1, 'is required'),
  /** Use `${UNIT4_PASSWORD}`. */
  password: z.string().min(1, 'is required'),
})

/** Unit4 ERP (Business World, ERPx) web API, `GET {base}/v1/objects/employees?companyId=`. */
export const unit4Settings = z.strictObject({
  /** The customer's Unit4 web API server. */
  api_base_url: z.url('must be an absolute URL'),
  /** The Unit4 company (`companyId`), e.g. EN. */
  company_id: z.string().min(1, 'is required'),
  /** ERPx client credentials, or an ERP user for older on-premises installs. */
  credentials: z.discriminatedUnion('type', [clientCredentials, basic]),
})

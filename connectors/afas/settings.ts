import { z } from 'zod'

/** AFAS Profit REST (GetConnectors) with an App Connector user token. */
export const afasSettings = z.strictObject({
  /** The environment number: `12345` in `https://12345.rest.afas.online`. */
  environment_number: z.string().regex(/^\d+$/, 'must be the digits of the AFAS environment number'),
  /** production (`rest.afas.online`), test (`resttest`) or accept (`restaccept`). Default production. */
  environment_type: z.enum(['production', 'test', 'accept']).default('production'),
  /** The App Connector's user token (the `<token>…</token>` XML); use `${AFAS_TOKEN}`. */
  token: z.string().min(1, 'is required'),
  /** Id of the GetConnector that lists employees (imported from Koppel's GetConnector package). */
  get_connector: z.string().min(1, 'is required'),
  /** Rows per call (`take`). AFAS advises columns × rows under 150k. Default 100. */
  page_size: z.number().int().min(1).max(1000).default(100),
  /** Parallel calls; AFAS allows at most 5. Default 2. */
  concurrency: z.number().int().min(1).max(5).default(2),
})

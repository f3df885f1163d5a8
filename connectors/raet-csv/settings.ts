import { z } from 'zod'
import { csvFormatSettings } from '../csv-file-settings.js'

/**
 * Visma Raet CSV exports, downloaded from the Visma File API (as `role=subscriber`) with the
 * same client credentials as the API. The column layout is customer-configured.
 */
export const raetCsvSettings = z.strictObject({
  /** From the Visma Developer Portal. */
  client_id: z.string().min(1, 'is required'),
  /** From the Visma Developer Portal; use `${RAET_CLIENT_SECRET}`. */
  client_secret: z.string().min(1, 'is required'),
  /** The customer's Youforce tenant id. */
  tenant_id: z.string().min(1, 'is required'),
  /** Default https://fileapi.youforce.com/v1.0. */
  file_api_base_url: z.url().default('https://fileapi.youforce.com/v1.0'),
  /** Default https://connect.visma.com/connect/token. */
  token_url: z.url().default('https://connect.visma.com/connect/token'),
  /** Only files whose name starts with this are read; the newest wins. Default employee_profile. */
  file_name_prefix: z.string().min(1).default('employee_profile'),
  ...csvFormatSettings({ delimiter: ';', encoding: 'utf-8' }),
})

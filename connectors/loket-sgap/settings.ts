import { z } from 'zod'

/**
 * Loket.nl's old SOAP interface. No public spec exists (Loket stopped maintaining SOAP in
 * 2020), so these keys are what any SOAP client needs; confirm with Loket before use.
 */
export const loketSgapSettings = z.strictObject({
  /** Location of the service's WSDL, as supplied by Loket. */
  wsdl_url: z.url('must be an absolute URL'),
  /** Webservice user. */
  username: z.string().min(1, 'is required'),
  /** Webservice password; use `${LOKET_SGAP_PASSWORD}`. */
  password: z.string().min(1, 'is required'),
})

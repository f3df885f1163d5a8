import { z } from 'zod'
import { filePath } from '../csv-file-settings.js'

/**
 * ADP (or any payroll) produces a UPA XML (Uniforme Pensioenaangifte) after each payroll
 * run; employers in it are identified by their loonheffingennummer.
 */
export const adpUpaSettings = z.strictObject({
  /** A UPA XML file, or a folder of them. */
  path: filePath,
  /** Which files of a folder are read. Default `*.xml`. */
  file_pattern: z.string().min(1).default('*.xml'),
})

import { z } from 'zod'
import { csvFormatSettings, filePath } from '../csv-file-settings.js'

/**
 * Exact Globe Next is on-premises: module SE0008_PAYBP writes a CSV after each payroll run.
 * Its column layout is not public yet.
 */
export const exactGlobeSettings = z.strictObject({
  /** The SE0008_PAYBP export: a file, or a folder whose newest `.csv` is read. */
  path: filePath,
  ...csvFormatSettings({ delimiter: ';', encoding: 'windows-1252' }),
})

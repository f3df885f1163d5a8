import { z } from 'zod'
import { columnMapping, csvFormatSettings, filePath } from '../csv-file-settings.js'

/**
 * "Generiek": any payroll system that can export a file in Koppel's own template, one row
 * or object per employee with the canonical fields (DESIGN.md §3), e.g. `employee_number`,
 * `bsn`, `last_name`, `postal_code`. Columns that are named differently are mapped.
 */
export const genericSettings = z.strictObject({
  /** The export file, or a folder whose newest file is read. */
  path: filePath,
  /** `csv` (default) or `json` (an array of objects, or one object per line). */
  format: z.enum(['csv', 'json']).default('csv'),
  ...csvFormatSettings({ delimiter: ',', encoding: 'utf-8' }),
  columns: columnMapping,
})

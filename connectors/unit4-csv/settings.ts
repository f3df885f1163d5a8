import { z } from 'zod'
import { columnMapping, csvFormatSettings, filePath } from '../csv-file-settings.js'

/** A Unit4 CSV export. No public layout exists, so columns are mapped in the config. */
export const unit4CsvSettings = z.strictObject({
  /** The export file, or a folder whose newest `.csv` is read. */
  path: filePath,
  ...csvFormatSettings({ delimiter: ';', encoding: 'utf-8' }),
  columns: columnMapping,
})

import { z } from 'zod'

export interface CsvFormatDefaults {
  delimiter: string
  encoding: 'utf-8' | 'windows-1252' | 'iso-8859-1'
}

/**
 * The format keys every CSV-based connector shares (`delimiter`, `encoding`, `has_header`),
 * with the defaults that fit its source system's export. Spread into a `z.strictObject`.
 */
export function csvFormatSettings(defaults: CsvFormatDefaults) {
  return {
    /** Field separator: one character. Dutch exports often use `;`. */
    delimiter: z.string().length(1, 'must be one character').default(defaults.delimiter),
    /** Character encoding of the file. Windows exports are usually windows-1252. */
    encoding: z.enum(['utf-8', 'windows-1252', 'iso-8859-1']).default(defaults.encoding),
    /** Whether the first line holds column names. Default true. */
    has_header: z.boolean().default(true),
  }
}

/** A local file or folder path; relative paths resolve against the gateway's working directory. */
export const filePath = z.string().min(1, 'is required')

/**
 * Canonical field (dotted, e.g. `name.lastName`) → column header in the file, for exports
 * whose layout is set per customer. Unmapped fields use their snake_case name. Default {}.
 */
export const columnMapping = z.record(z.string().min(1), z.string().min(1)).default({})

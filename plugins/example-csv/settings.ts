import { z } from 'koppel/sdk'

/**
 * The `settings:` block of a connection using `connector: example-csv`.
 *
 * @example
 * settings: { path: /data/exports/employees.csv, delimiter: ";" }
 */
export const exampleCsvSettings = z.strictObject({
  /** The CSV file (UTF-8, header line first); relative paths resolve against the working directory. */
  path: z.string().min(1, 'is required'),
  /** Field separator, one character. Default `,`. */
  delimiter: z.string().length(1, 'must be one character').default(','),
})

export type ExampleCsvSettings = z.infer<typeof exampleCsvSettings>

import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { ConnectorDefinition, EmployerRef } from '../../../core/connector.js'
import type { CanonicalRecord } from '../../../core/model/index.js'
import type { FileConnectorSettings } from '../../../connectors/files/file-settings.js'
import { mergeMapping } from '../../../connectors/files/mapping.js'
import { presetOf } from '../../../connectors/files/presets/index.js'
import { readFileRecords, type FileSummary } from '../../../connectors/files/read-file-records.js'
import type { RowError } from '../../../connectors/files/row-to-records.js'

export const fixturesDir = new URL('../../fixtures/files/', import.meta.url).pathname

/** Reads one file through the file engine as `connector` would (its settings parsed from `settings`), without the drop folder. */
export async function readFixture(
  connector: ConnectorDefinition<FileConnectorSettings, never> | ConnectorDefinition<FileConnectorSettings, any>,
  file: string,
  settings: Record<string, unknown> = {},
  employer: EmployerRef = { ref: 'employer-1', id: 'employer-1' },
): Promise<{ records: CanonicalRecord[]; errors: RowError[]; summary: FileSummary }> {
  const full = path.isAbsolute(file) ? file : path.join(fixturesDir, file)
  const parsed = connector.settings.parse({ directory: path.dirname(full), ...settings })
  const info = await stat(full)
  const summary: FileSummary = { plan: null, rows: 0, unidentified: new Set() }
  const records: CanonicalRecord[] = []
  const errors: RowError[] = []
  const batches = readFileRecords({
    file: { name: path.basename(full), path: full, size: info.size, mtimeMs: info.mtimeMs },
    settings: parsed, mappings: mergeMapping(presetOf(parsed.preset), parsed.mapping), employer, summary,
  })
  for await (const batch of batches) {
    records.push(...batch.records)
    errors.push(...batch.errors)
  }
  return { records, errors, summary }
}

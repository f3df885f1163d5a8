import { fileConnectorSettings } from '../files/file-settings.js'

/**
 * "Generiek": any payroll system that can export a CSV or JSON Lines file in Koppel's own
 * template (connectors/files/presets/generic.ts, README "Files"), or in any layout mapped
 * column by column under `mapping:`. The keys are those of every file connector (DESIGN.md §2).
 */
export const genericSettings = fileConnectorSettings('generic')

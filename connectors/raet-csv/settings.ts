import { fileConnectorSettings } from '../files/file-settings.js'

/**
 * Visma Raet CSV exports (the employee profile file) dropped into a folder or uploaded: the
 * file engine with the `raet-csv` preset (connectors/files/presets/raet-csv.ts). The layout is
 * customer-configured, so the preset is a start to adjust under `mapping:`.
 */
export const raetCsvSettings = fileConnectorSettings('raet-csv')

import { fileConnectorSettings } from '../files/file-settings.js'

/**
 * A Unit4 CSV export dropped into a folder or uploaded: the file engine with the `unit4-csv`
 * preset (connectors/files/presets/unit4-csv.ts). No public layout exists, so the preset is a
 * start to adjust under `mapping:`.
 */
export const unit4CsvSettings = fileConnectorSettings('unit4-csv')

import { fileConnectorSettings } from '../files/file-settings.js'

/**
 * Exact Globe Next is on-premises: module SE0008_PAYBP writes a CSV after each payroll run,
 * dropped into a folder or uploaded. The file engine with the `exact-globe` preset
 * (connectors/files/presets/exact-globe.ts); its layout is not public, so adjust it under `mapping:`.
 */
export const exactGlobeSettings = fileConnectorSettings('exact-globe')

import { exactGlobePreset } from './exact-globe.js'
import { genericPreset } from './generic.js'
import type { FilePreset } from './preset.js'
import { raetCsvPreset } from './raet-csv.js'
import { unit4CsvPreset } from './unit4-csv.js'

/** The preset names a file connector's `preset:` setting takes; `none` starts from an empty mapping. */
export const presetNames = ['generic', 'raet-csv', 'unit4-csv', 'exact-globe', 'none'] as const
export type PresetName = (typeof presetNames)[number]

const presets: Record<PresetName, FilePreset> = {
  generic: genericPreset,
  'raet-csv': raetCsvPreset,
  'unit4-csv': unit4CsvPreset,
  'exact-globe': exactGlobePreset,
  none: { name: 'none', mapping: {} },
}

export function presetOf(name: PresetName): FilePreset {
  return presets[name]
}

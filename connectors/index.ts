import type { ConnectorDefinition } from 'koppel/sdk'
import adpUpa from './adp-upa/index.js'
import afas from './afas/index.js'
import cobra from './cobra/index.js'
import exactGlobe from './exact-globe/index.js'
import exactOnline from './exact-online/index.js'
import generic from './generic/index.js'
import loket from './loket/index.js'
import loketSgap from './loket-sgap/index.js'
import nmbrs from './nmbrs/index.js'
import raet from './raet/index.js'
import raetCsv from './raet-csv/index.js'
import unit4 from './unit4/index.js'
import unit4Csv from './unit4-csv/index.js'

/**
 * Every built-in connector, registered explicitly (STYLE.md §6): one per payroll package
 * Benefits-Plaza offers (DESIGN.md §2). Loket.nl REST first; the rest are stubs for now.
 */
export const builtinConnectors: ConnectorDefinition[] = [
  loket,
  loketSgap,
  afas,
  nmbrs,
  exactOnline,
  exactGlobe,
  adpUpa,
  cobra,
  raet,
  raetCsv,
  unit4,
  unit4Csv,
  generic,
]

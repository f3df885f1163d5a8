import { expect } from 'vitest'
import exactGlobe from '../../../connectors/exact-globe/index.js'
import type { FilePage } from '../../../connectors/files/define-file-connector.js'
import generic from '../../../connectors/generic/index.js'
import raetCsv from '../../../connectors/raet-csv/index.js'
import unit4Csv from '../../../connectors/unit4-csv/index.js'
import { testConnector } from 'koppel/sdk/testing'
import { readFixture } from './read-fixture.js'

/** The file connectors' pages are the records the engine read from a fixture file: the suite checks them as any connector's. */
async function fixturePage(connector: typeof generic, file: string): Promise<FilePage> {
  const { records, errors } = await readFixture(connector, file)
  if (errors.length > 0) throw new Error(`fixture ${file} has invalid rows`)
  return { type: 'records', items: records }
}

const cases = [
  { connector: generic, settings: { directory: '/data/generic/drop' }, files: ['generic/employees.csv', 'generic/employments.csv', 'generic/wages.csv', 'generic/working_hours.csv', 'generic/employees-wide.jsonl'] },
  { connector: raetCsv, settings: { directory: '/data/raet/drop', delimiter: ';' }, files: ['raet-csv/employee_profile_20261130.csv'] },
  { connector: unit4Csv, settings: { directory: '/data/unit4/drop', mapping: { employee: { columns: { Familienaam: 'name.lastName' } } } }, files: ['unit4-csv/medewerkers_2026-11.csv'] },
  { connector: exactGlobe, settings: { directory: '/data/exact/drop', encoding: 'windows-1252' }, files: ['exact-globe/SE0008_PAYBP_202611.csv'] },
]

for (const { connector, settings, files } of cases) {
  const fixtures = await Promise.all(files.map(async (file) => ({
    name: file,
    page: await fixturePage(connector, file),
    expect: (records: Array<{ entity: string }>) => expect(records.length).toBeGreaterThan(0),
  })))
  testConnector(connector, { validSettings: settings, fixtures })
}

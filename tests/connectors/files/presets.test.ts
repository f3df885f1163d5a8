import { describe, expect, it } from 'vitest'
import exactGlobe from '../../../connectors/exact-globe/index.js'
import generic from '../../../connectors/generic/index.js'
import raetCsv from '../../../connectors/raet-csv/index.js'
import unit4Csv from '../../../connectors/unit4-csv/index.js'
import { readFixture } from './read-fixture.js'

const byEntity = (records: Array<{ entity: string; record: unknown }>, entity: string) => records.filter((r) => r.entity === entity).map((r) => r.record as Record<string, unknown>)

describe('generic: the canonical template', () => {
  it('reads an employee file: quotes, doubled quotes, both date forms, postal codes normalized', async () => {
    const { records, errors } = await readFixture(generic, 'generic/employees.csv')
    expect(errors).toEqual([])
    const employees = byEntity(records, 'employee')
    expect(employees).toHaveLength(3)
    expect(employees[0]).toMatchObject({ id: '1001', employeeNumber: '1001', bsn: '111222333', gender: 'male', dateOfBirth: '1980-04-01',
      name: { initials: 'J.', firstName: 'Jan', prefix: 'de', lastName: 'Vries', formatted: 'Jan de Vries' },
      address: { street: 'Dorpsstraat', postalCode: '1234 AB', countryCode: 'NL' }, contact: { email: 'jan@example.nl', phone: null } })
    expect(employees[1]).toMatchObject({ dateOfBirth: '1975-12-31', gender: 'female', name: { lastName: 'Jansen, van', prefix: null }, address: { street: 'Lange Straat "Oost"', postalCode: '5678 CD' } })
    expect(employees[2]).toMatchObject({ gender: 'other', address: null, contact: { email: null } })
  })

  it('reads employment, wage and hours files, with ids from the file and converters by kind', async () => {
    const employments = byEntity((await readFixture(generic, 'generic/employments.csv')).records, 'employment')
    expect(employments).toEqual([
      expect.objectContaining({ id: '1001-1', employeeId: '1001', startDate: '2020-01-01', endDate: null, contractType: 'permanent', isDirectorMajorShareholder: false, job: { code: null, title: 'Developer' }, department: null }),
      expect.objectContaining({ id: '1002-1', employeeId: '1002', startDate: '2019-03-01', endDate: '2026-12-31', contractType: 'fixed_term' }),
    ])
    const wages = byEntity((await readFixture(generic, 'generic/wages.csv')).records, 'wage')
    expect(wages).toEqual([
      expect.objectContaining({ id: '1001-1:2026-01-01', employmentId: '1001-1', grossAmountCents: 325050, currency: 'EUR', period: 'month' }),
      expect.objectContaining({ grossAmountCents: 280000, period: 'month' }),
    ])
    const hours = byEntity((await readFixture(generic, 'generic/working_hours.csv')).records, 'working_hours')
    expect(hours.map((h) => [h.hoursPerWeek, h.fullTimeHoursPerWeek, h.partTimeFactor])).toEqual([[32, 40, 0.8], [24, 40, 0.6]])
  })

  it('reads one wide JSON Lines employee file: employee, employment, hours and wage per row', async () => {
    const { records, errors } = await readFixture(generic, 'generic/employees-wide.jsonl')
    expect(errors).toEqual([])
    expect(records.map((r) => `${r.entity}:${r.record.id}`)).toEqual([
      'employee:2001', 'employment:2001:2021-05-01', 'working_hours:2001:2021-05-01:2021-05-01', 'wage:2001:2021-05-01:2021-05-01',
      'employee:2002', 'employment:2002:2022-09-01', 'working_hours:2002:2022-09-01:2022-09-01', 'wage:2002:2022-09-01:2022-09-01',
    ])
    expect(byEntity(records, 'wage')[0]).toMatchObject({ employmentId: '2001:2021-05-01', startDate: '2021-05-01', grossAmountCents: 412500 })
    expect(byEntity(records, 'employment')[1]).toMatchObject({ contractType: 'on_call', employeeId: '2002' })
  })
})

describe('presets', () => {
  it('raet-csv: a UTF-8 file with a BOM, ; and code lists', async () => {
    const { records, errors } = await readFixture(raetCsv, 'raet-csv/employee_profile_20261130.csv')
    expect(errors).toEqual([])
    const [karin, tom] = byEntity(records, 'employee')
    expect(karin).toMatchObject({ id: 'R01', dateOfBirth: '1979-07-03', civilStatus: { code: '02', label: 'Gehuwd' }, address: { postalCode: '3511 AB' } })
    expect(tom).toMatchObject({ name: { prefix: 'de', lastName: 'Groot' }, address: { postalCode: '9711 AA' } })
    expect(byEntity(records, 'employment')[1]).toMatchObject({ job: { title: 'Medewerker; klantcontact' }, startDate: '2020-08-15' })
    expect(byEntity(records, 'wage')[0]).toMatchObject({ grossAmountCents: 381240, startDate: '2015-02-01', employmentId: 'R01:2015-02-01' })
    expect(byEntity(records, 'working_hours')[0]).toMatchObject({ hoursPerWeek: 28.5, fullTimeHoursPerWeek: 38, partTimeFactor: 0.75 })
  })

  it('unit4-csv: tab-separated, a BSN that lost its leading zero, a Belgian postal code kept', async () => {
    const { records, errors } = await readFixture(unit4Csv, 'unit4-csv/medewerkers_2026-11.csv')
    expect(errors).toEqual([])
    const [sanne, bram] = byEntity(records, 'employee')
    expect(sanne).toMatchObject({ id: 'U-10', address: { postalCode: '2511 CV', city: 'Den Haag' } })
    expect(bram).toMatchObject({ bsn: '012345672', address: { postalCode: '1000', countryCode: 'BE' } })
    expect(byEntity(records, 'wage').map((w) => w.grossAmountCents)).toEqual([310000, 520000])
  })

  it('exact-globe: a Windows-1252 file (ë, ü, é, a surname starting with IJ) is detected and decoded', async () => {
    const { records, errors, summary } = await readFixture(exactGlobe, 'exact-globe/SE0008_PAYBP_202611.csv')
    expect(errors).toEqual([])
    expect(summary.rows).toBe(2)
    const [chloe, rene] = byEntity(records, 'employee')
    expect(chloe).toMatchObject({ name: { firstName: 'Chloë', lastName: 'IJzerman', formatted: 'Chloë IJzerman' }, address: { street: 'Brüggenstraat', postalCode: '6211 AA' } })
    expect(rene).toMatchObject({ name: { firstName: 'René', prefix: 'van', lastName: 'Müller' }, address: { street: 'Émile Zolastraat', postalCode: '1012 AB' } })
    expect(byEntity(records, 'employment')[1]).toMatchObject({ isDirectorMajorShareholder: true, contractType: 'permanent' })
    expect(byEntity(records, 'wage').map((w) => w.grossAmountCents)).toEqual([412575, 650000])
  })

  it('a preset is selectable and its mapping overridable in the settings', async () => {
    const { records, errors } = await readFixture(generic, 'exact-globe/SE0008_PAYBP_202611.csv', {
      preset: 'exact-globe',
      mapping: { employee: { columns: { Voornaam: 'name.initials', Voorletters: null } } },
    })
    expect(errors).toEqual([])
    expect(byEntity(records, 'employee')[0]).toMatchObject({ name: { initials: 'Chloë', firstName: null } })
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ConnectorDefinition } from '../../../core/connector.js'
import type { CanonicalRecord, EntityRecords, Entity } from '../../../core/model/index.js'
import loket from '../../../connectors/loket/index.js'
import type { LoketPage, RawEmployeeItem } from '../../../connectors/loket/raw-items.js'
import { testConnector } from 'koppel/sdk/testing'

const fixture = (name: string): LoketPage => JSON.parse(readFileSync(new URL(`../../fixtures/loket/${name}.json`, import.meta.url), 'utf8')) as LoketPage
const employer = { ref: '20720', id: '5c2f3c1e-1b2a-4c3d-8e9f-0a1b2c3d4e5f' }
const settings = loket.settings.parse({ client_id: 'koppel' })

function records<E extends Entity>(entity: E, output: CanonicalRecord[]): EntityRecords[E][] {
  return output.filter((entry) => entry.entity === entity).map((entry) => entry.record as EntityRecords[E])
}
function byId<T extends { id: string }>(list: T[], id: string): T {
  const found = list.find((record) => record.id === id)
  if (!found) throw new Error(`no record ${id}`)
  return found
}

testConnector(loket, {
  validSettings: { client_id: 'koppel', client_secret: 'secret' },
  fixtures: [
    {
      name: 'employer with its current payroll administration',
      page: fixture('employer'),
      employer,
      expect: (output) => expect(records('employer', output)).toEqual([{
        id: employer.id, employerId: employer.id, number: '20720', name: 'Voorbeeld B.V.',
        chamberOfCommerceNumber: '18124676', payrollTaxNumber: '111111110L46',
      }]),
    },
    {
      name: 'employees: name usage and gender by key, code lists with their keys, leading-zero BSN, foreign address',
      page: fixture('employees'),
      employer,
      expect: (output) => {
        const [susan, pieter, noor] = records('employee', output)
        expect(susan).toEqual({
          id: 'b14acd0d-75d7-4fc8-8b22-4a3924585cab', employerId: employer.id, employeeNumber: '156', bsn: '011111112',
          name: { initials: 'S.L.', firstName: 'Susan', prefix: 'van', lastName: 'Bergen', partnerPrefix: 'van de',
            partnerLastName: 'Wiel', nameUsage: 'partner_own', formatted: 'Wiel - van Bergen S.L. van de' },
          dateOfBirth: '1995-05-21', dateOfDeath: null, gender: 'female',
          nationality: { code: '2', label: 'Dutch' }, civilStatus: { code: '2', label: 'Married' },
          address: { street: 'Voordijk', houseNumber: '12', houseNumberAddition: 'D', postalCode: '1234 AA', city: 'Leiden', countryCode: 'NL' },
          contact: { email: 'susan@example.nl', phone: '+31 13-1234567', mobile: '+31 6-1231456' },
        })
        expect(pieter?.address).toEqual({ street: 'Grote Markt', houseNumber: '7', houseNumberAddition: null, postalCode: '1000', city: 'Brussel', countryCode: 'BE' })
        expect(pieter).toMatchObject({ bsn: null, gender: 'male', civilStatus: null, nationality: { code: '3', label: 'Belgian' }, name: { nameUsage: 'own', partnerLastName: null } })
        expect(noor).toMatchObject({ gender: 'unknown', dateOfDeath: '2026-02-14', address: null, contact: { email: null, phone: null, mobile: null }, name: { nameUsage: 'own_partner' } })
      },
    },
    {
      name: 'employees: an unknown key falls back on the Dutch text',
      page: fixture('employees'),
      employer,
      expect: (output) => {
        const kim = records('employee', output)[3]
        // Before: "Eigen naam gevolgd door naam partner" became `partner`, "Niet gespecificeerd" `other`.
        expect(kim).toMatchObject({ gender: 'unknown', name: { nameUsage: 'own_partner' },
          civilStatus: { code: '5', label: 'Gehuwd' }, nationality: { code: '1', label: 'Nederlandse' } })
      },
    },
    {
      name: 'employments: permanent, terminated, on call; job and department on the reference date',
      page: fixture('employments'),
      employer,
      expect: (output) => {
        const [current, terminated, onCall] = records('employment', output)
        expect(current).toEqual({
          id: 'e47d0a3a-a80a-4bfb-9e55-7d6c57818fde', employerId: employer.id, employeeId: 'b14acd0d-75d7-4fc8-8b22-4a3924585cab',
          startDate: '2018-01-01', endDate: null, historicalStartDate: '2012-05-01', endReason: null, endedDueToIllness: null,
          contractType: 'permanent', isDirectorMajorShareholder: false, payrollId: '2', incomeRelationshipNumber: '12',
          payrollAdministrationId: '7d1b2c3a-5555-4a6b-9c8d-000000000001', job: { code: '1234', title: 'Senior inkoper' }, department: { code: '5', name: 'Inkoop' },
        })
        // A leaver is read on the last day: the entity of 2023-07 onwards, not today's.
        // The tax authorities' reason wins over the old field (set to 8 "Overig" as Loket asks).
        expect(terminated).toMatchObject({ endDate: '2024-03-31', endReason: { code: '3', label: 'Einde tijdelijk contract' },
          endedDueToIllness: true, isDirectorMajorShareholder: null, contractType: 'fixed_term',
          job: { code: null, title: 'Chauffeur' }, department: { code: '4', name: 'Expeditie' } })
        expect(onCall).toMatchObject({ contractType: 'on_call', job: null, department: null })
      },
    },
    {
      name: 'employments: the old end reason only where the new one is empty; "Tijdelijk" by text',
      page: fixture('employments'),
      employer,
      expect: (output) => {
        const old = records('employment', output)[3]
        expect(old).toMatchObject({ endReason: { code: '2', label: 'Ontslag op eigen verzoek' }, endedDueToIllness: false,
          contractType: 'fixed_term', isDirectorMajorShareholder: true, historicalStartDate: null, payrollAdministrationId: null })
      },
    },
    {
      name: 'wages: monthly, hourly and four-weekly in cents',
      page: fixture('wages'),
      employer,
      expect: (output) => {
        const wages = records('wage', output)
        expect(byId(wages, '11111111-aaaa-4bbb-8ccc-000000000001')).toEqual({
          id: '11111111-aaaa-4bbb-8ccc-000000000001', employerId: employer.id, employmentId: 'e47d0a3a-a80a-4bfb-9e55-7d6c57818fde',
          startDate: '2018-01-01', endDate: null, grossAmountCents: 315050, currency: 'EUR', period: 'month', fullTimeBasis: true,
          payScale: { code: '1', label: 'Glastuinbouw maand, Loongebouw A' }, payGrade: { code: '1', label: 'Schaal B1, 15 jaar' },
        })
        expect(byId(wages, '11111111-aaaa-4bbb-8ccc-000000000002')).toMatchObject({ grossAmountCents: 1435, period: 'hour', fullTimeBasis: false, payScale: null })
        expect(byId(wages, '11111111-aaaa-4bbb-8ccc-000000000003')).toMatchObject({ grossAmountCents: 248012, period: 'four_weeks', endDate: '2024-03-31' })
      },
    },
    {
      name: 'working hours: part-time factor is hours / full-time hours, never the stale administrative factor',
      page: fixture('working-hours'),
      employer,
      expect: (output) => {
        const [partTime, registered, onCall] = records('working_hours', output)
        expect(partTime).toEqual({ id: '22222222-aaaa-4bbb-8ccc-000000000001', employerId: employer.id,
          employmentId: 'e47d0a3a-a80a-4bfb-9e55-7d6c57818fde', startDate: '2018-01-01', endDate: null,
          hoursPerWeek: 24, fullTimeHoursPerWeek: 40, partTimeFactor: 0.6 })
        // The first says averageParttimeFactor 100 (stale): still 24 / 40. The second says 80: still 32 / 38.
        expect(registered).toMatchObject({ hoursPerWeek: 32, fullTimeHoursPerWeek: 38, partTimeFactor: 0.842105 })
        expect(onCall).toMatchObject({ hoursPerWeek: null, fullTimeHoursPerWeek: 40, partTimeFactor: null })
      },
    },
    {
      name: 'partners: current and ended, with the employee fetch resolved',
      page: fixture('partners'),
      employer,
      expect: (output) => {
        expect(records('partner', output)).toEqual([
          { id: '3a3a3a3a-0000-4000-8000-000000000001', employerId: employer.id, employeeId: 'b14acd0d-75d7-4fc8-8b22-4a3924585cab',
            name: { initials: 'J.', firstName: 'Jeroen', prefix: 'van de', lastName: 'Wiel' }, dateOfBirth: '1993-02-11', dateOfDeath: null,
            gender: 'male', startDate: '2020-05-01', endDate: null },
          { id: '3a3a3a3a-0000-4000-8000-000000000002', employerId: employer.id, employeeId: 'b14acd0d-75d7-4fc8-8b22-4a3924585cab',
            name: { initials: 'M.', firstName: null, prefix: null, lastName: 'Dekker' }, dateOfBirth: '1992-08-30', dateOfDeath: '2018-04-02',
            gender: 'female', startDate: null, endDate: '2018-04-02' },
        ])
      },
    },
    {
      name: 'children',
      page: fixture('children'),
      employer,
      expect: (output) => {
        expect(records('child', output)).toEqual([
          { id: '4b4b4b4b-0000-4000-8000-000000000001', employerId: employer.id, employeeId: 'b14acd0d-75d7-4fc8-8b22-4a3924585cab',
            name: { initials: 'L.', firstName: 'Lotte', prefix: 'van de', lastName: 'Wiel' }, dateOfBirth: '2021-03-09', dateOfDeath: null, gender: 'female' },
          { id: '4b4b4b4b-0000-4000-8000-000000000002', employerId: employer.id, employeeId: 'd36cef2f-97f9-4aea-8d44-6c5b46707ecd',
            name: { initials: 'B.', firstName: 'Bo', prefix: null, lastName: 'Jansen' }, dateOfBirth: '2024-12-01', dateOfDeath: null, gender: 'unknown' },
        ])
      },
    },
  ],
})

describe('loket normalize', () => {
  it('returns nothing for the cursor page and rejects an unknown page type', () => {
    expect(loket.normalize({ type: 'cursor', items: [], cursor: 'x' }, { settings, employer })).toEqual([])
    // The engine holds connectors erased, so a page of another type can reach normalize at run time.
    const erased: ConnectorDefinition = loket
    expect(() => erased.normalize({ type: 'payslips', items: [{}] }, { settings, employer }))
      .toThrow(expect.objectContaining({ code: 'internal_error', message: 'loket normalize: unknown raw page type "payslips"' }))
  })

  it('keeps an unparsable Dutch postal code as is, so validation reports it', () => {
    const page = fixture('employees')
    const item = structuredClone(page.items[0]) as RawEmployeeItem & { employee: { address: { postalCode: string } } }
    item.employee.address.postalCode = 'ABCD'
    const [output] = loket.normalize({ type: 'employees', items: [item] }, { settings, employer })
    expect(output?.entity === 'employee' && output.record.address?.postalCode).toBe('ABCD')
  })

  it('reports an item without an id as upstream_bad_response naming the field, not the values', () => {
    const call = () => loket.normalize({ type: 'wages', items: [{ employmentId: 'e', wage: { startDate: '2020-01-01', grossWage: 123456 } }] }, { settings, employer })
    expect(call).toThrow(expect.objectContaining({ code: 'upstream_bad_response', message: expect.stringContaining('id') }))
    expect(call).not.toThrow(/123456/)
  })
})

import { describe, expect, it } from 'vitest'
import { payrollResultSchema } from '../../../core/model/index.js'
import { normalizePayrollResults } from '../../../connectors/loket/normalize-payroll-result.js'

const employmentId = 'b14acd0d-75d7-4fc8-8b22-52a8ee5c1f11'
const component = (key: number, value: string, category: [number, string], amount: number, special = 0, extra: Record<string, unknown> = {}) => ({
  payrollComponent: { key, value, category: { key: category[0], value: category[1] }, column: { key: 6, value: 'Sociaalplichtig loon' }, ...extra },
  value: amount,
  valueSpecialTariff: special,
})
const period = (year: number, periodNumber: number, testYear: boolean, results: unknown[]) => ({
  payrollPeriod: { year, periodNumber, periodStartDate: `${year}-0${periodNumber}-01`, periodEndDate: `${year}-0${periodNumber}-28`, testYear },
  payslipTypes: [{ payslipType: { key: 1, value: 'Normaal strook' }, payrollComponentResults: results }],
})

describe('normalizePayrollResults (Loket period results fixture)', () => {
  const fixture = {
    employmentId,
    payrollPeriods: [
      period(2026, 1, false, [
        component(1, 'Uren gewerkt', [1, 'Uren'], 173.33),
        component(70, 'Salaris', [2, 'Loon'], 3512.45, 12.1),
        component(52, 'Verlofdagen', [7, 'Overig'], 2, 0, { hoursIndication: { key: 2, value: 'Dagen' } }),
      ]),
      period(2027, 1, true, [component(70, 'Salaris', [2, 'Loon'], 9999)]),
    ],
  }
  const records = normalizePayrollResults({ payrollAdministrationId: 'pa-1', result: fixture }, 'er-1')

  it('makes one record per non-test period and payslip type, with the contract id', () => {
    expect(records.map((record) => record.id)).toEqual([`${employmentId}:2026-01:1`])
    expect(records[0]).toMatchObject({
      employerId: 'er-1', employmentId, payrollAdministrationId: 'pa-1', year: 2026, periodNumber: 1,
      periodStartDate: '2026-01-01', periodEndDate: '2026-01-28', payslipType: { code: '1', label: 'Normaal strook' },
    })
    expect(payrollResultSchema.safeParse(records[0]).success).toBe(true)
  })

  it('keys components by code: money in cents, hours and days as quantities', () => {
    const { components } = records[0]!
    expect(Object.keys(components).sort()).toEqual(['1', '52', '70'])
    expect(components['70']).toEqual({
      name: 'Salaris', category: { code: '2', label: 'Loon' }, column: { code: '6', label: 'Sociaalplichtig loon' },
      amountCents: 351245, quantity: null, specialTariffAmountCents: 1210, specialTariffQuantity: null,
    })
    expect(components['1']).toMatchObject({ amountCents: null, quantity: 173.33, specialTariffAmountCents: null, specialTariffQuantity: 0 })
    expect(components['52']).toMatchObject({ amountCents: null, quantity: 2 })
  })

  it('rejects an unreadable shape with upstream_bad_response', () => {
    expect(() => normalizePayrollResults({ payrollAdministrationId: 'pa-1', result: { payrollPeriods: [] } }, 'er-1')).toThrow(/employmentId/)
  })

  it('the schema refuses an id that does not follow the contract', () => {
    expect(payrollResultSchema.safeParse({ ...records[0], id: 'something-else' }).success).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { bsnCell, cents, codeLabel, dateDmy, dateIso, decimalComma, eurosToCents, postalCode, yesNo } from '../../../connectors/files/converters.js'

const value = <T>(result: { ok: true; value: T } | { ok: false; reason: string }) => (result.ok ? result.value : `fail: ${result.reason}`)

describe('converters', () => {
  it('date_dmy: day-month-year with - / or ., real dates only', () => {
    expect(value(dateDmy('31-12-2026'))).toBe('2026-12-31')
    expect(value(dateDmy('1/2/2026'))).toBe('2026-02-01')
    expect(value(dateDmy('29.02.2024'))).toBe('2024-02-29')
    expect(value(dateDmy('29-02-2026'))).toBe('fail: not a real date')
    expect(value(dateDmy('2026-12-31'))).toBe('fail: not a date (DD-MM-YYYY)')
  })

  it('date_iso: YYYY-MM-DD, a time part dropped', () => {
    expect(value(dateIso('2026-12-31'))).toBe('2026-12-31')
    expect(value(dateIso('2026-12-31T00:00:00'))).toBe('2026-12-31')
    expect(value(dateIso('2026-13-01'))).toBe('fail: not a real date')
    expect(value(dateIso('31-12-2026'))).toBe('fail: not a date (YYYY-MM-DD)')
  })

  it('decimal_comma: Dutch decimals with thousands points', () => {
    expect(value(decimalComma('3.250,50'))).toBe(3250.5)
    expect(value(decimalComma('32,5'))).toBe(32.5)
    expect(value(decimalComma('-1,25'))).toBe(-1.25)
    expect(value(decimalComma('40'))).toBe(40)
    expect(value(decimalComma('3,250.50'))).toMatch(/^fail/)
  })

  it('cents and euros_to_cents: whole cents, never rounded', () => {
    expect(value(cents('325050'))).toBe(325050)
    expect(value(cents('3250,50'))).toMatch(/^fail/)
    expect(value(eurosToCents('3.250,50'))).toBe(325050)
    expect(value(eurosToCents('3250,5'))).toBe(325050)
    expect(value(eurosToCents('3250.50'))).toBe(325050)
    expect(value(eurosToCents('3.250'))).toBe(325000)
    expect(value(eurosToCents('€ 12,00'))).toBe(1200)
    expect(value(eurosToCents('-0,01'))).toBe(-1)
    expect(value(eurosToCents('12,345'))).toMatch(/^fail/)
    expect(value(eurosToCents('abc'))).toMatch(/^fail/)
  })

  it('yes_no: J/N, Ja/Nee, true/false, 1/0', () => {
    expect(['J', 'ja', 'Y', 'true', '1'].map((raw) => value(yesNo(raw)))).toEqual([true, true, true, true, true])
    expect(['N', 'Nee', 'no', 'false', '0'].map((raw) => value(yesNo(raw)))).toEqual([false, false, false, false, false])
    expect(value(yesNo('misschien'))).toBe('fail: not a yes/no value (J/N)')
  })

  it('postal_code: Dutch codes normalized, other countries kept', () => {
    expect(value(postalCode('1234ab'))).toBe('1234 AB')
    expect(value(postalCode('NL-1234 ab'))).toBe('1234 AB')
    expect(value(postalCode('1000'))).toBe('1000')
  })

  it('code_label: code and label by " - ", | or :', () => {
    expect(value(codeLabel('02 - Gehuwd'))).toEqual({ code: '02', label: 'Gehuwd' })
    expect(value(codeLabel('02|Gehuwd'))).toEqual({ code: '02', label: 'Gehuwd' })
    expect(value(codeLabel('NL: Nederlandse'))).toEqual({ code: 'NL', label: 'Nederlandse' })
    expect(value(codeLabel('0001'))).toEqual({ code: '0001', label: null })
  })

  it('a BSN: separators dropped, a lost leading zero restored, the 11-test applied; the reason never holds the value', () => {
    expect(value(bsnCell('111.222.333'))).toBe('111222333')
    expect(value(bsnCell('12345672'))).toBe('012345672')
    expect(value(bsnCell('123456789'))).toBe('fail: not a valid BSN (9 digits, 11-test)')
  })
})

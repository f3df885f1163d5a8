import { describe, expect, it } from 'vitest'
import { FilterError, orderItems, parseFilter } from '../../../../connectors/loket/sandbox/index.js'

const items = [
  { id: 'a', number: 3, name: "O'Brien", endDate: null, address: { city: 'Tilburg' }, active: true },
  { id: 'b', number: 1, name: 'de Vries', endDate: '2016-12-31', address: { city: 'Leiden' }, active: false },
  { id: 'c', number: 2, name: 'Bakker', endDate: '2020-05-01', address: null, active: true },
]
const ids = (filter: string) => items.filter(parseFilter(filter)).map((item) => item.id)

describe('parseFilter', () => {
  it('supports every comparison operator on numbers', () => {
    expect(ids('number eq 2')).toEqual(['c'])
    expect(ids('number ne 2')).toEqual(['a', 'b'])
    expect(ids('number gt 1')).toEqual(['a', 'c'])
    expect(ids('number ge 2')).toEqual(['a', 'c'])
    expect(ids('number lt 2')).toEqual(['b'])
    expect(ids('number le 2')).toEqual(['b', 'c'])
  })
  it('handles quoted strings case-insensitively, escaped quotes and lk', () => {
    expect(ids("name eq 'DE VRIES'")).toEqual(['b'])
    expect(ids("name eq 'O''Brien'")).toEqual(['a'])
    expect(ids("name lk 'akk'")).toEqual(['c'])
  })
  it('handles null, dates, booleans, dotted paths and case-insensitive names', () => {
    expect(ids('enddate eq null')).toEqual(['a'])
    expect(ids("endDate le '2017-01-01'")).toEqual(['b'])
    expect(ids('Address.City eq \'tilburg\'')).toEqual(['a'])
    expect(ids('address.city eq null')).toEqual(['c'])
    expect(ids('active eq false')).toEqual(['b'])
  })
  it('binds and tighter than or, and honours parentheses', () => {
    expect(ids('number eq 1 or number ge 2 and active eq false')).toEqual(['b'])
    expect(ids('(number eq 1 or number ge 2) and active eq true')).toEqual(['a', 'c'])
  })
  it('rejects bad syntax and unknown fields', () => {
    expect(() => parseFilter('number eq')).toThrow(FilterError)
    expect(() => parseFilter('number is 1')).toThrow(FilterError)
    expect(() => parseFilter("name eq 'open")).toThrow(FilterError)
    expect(() => ids('unknown eq 1')).toThrow(FilterError)
  })
})

describe('orderItems', () => {
  it('sorts ascending, descending and by several keys', () => {
    expect(orderItems(items, 'number').map((item) => item.id)).toEqual(['b', 'c', 'a'])
    expect(orderItems(items, '-number').map((item) => item.id)).toEqual(['a', 'c', 'b'])
    expect(orderItems(items, '-active,name').map((item) => item.id)).toEqual(['c', 'a', 'b'])
  })
})

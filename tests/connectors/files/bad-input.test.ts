import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import generic from '../../../connectors/generic/index.js'
import { readFixture } from './read-fixture.js'

const dir = mkdtempSync(path.join(tmpdir(), 'koppel-files-bad-'))
const write = (name: string, content: string | Buffer) => {
  writeFileSync(path.join(dir, name), content)
  return path.join(dir, name)
}

describe('bad input', () => {
  it('reports every invalid row with file, line, field and reason, never the value, and reads the rest', async () => {
    const file = write('employees-bad.csv', [
      'employee_number;bsn;last_name;date_of_birth;gender',
      '1;111222333;Vries;1980-04-01;M',
      '2;123456789;Geheim;1980-04-01;V',
      '3;999996708;Datum;31-02-1980;V',
      '"4;multi',
      'line";999996708;Quote;1970-01-01;alien',
      '5;111222333;Kort',
      ';111222333;Leeg;1970-01-01;M',
    ].join('\n'))
    const { records, errors, summary } = await readFixture(generic, file)
    expect(records.map((r) => r.record.id)).toEqual(['1'])
    expect(errors).toEqual([
      { entity: 'employee', id: '2', identified: true, reason: 'employees-bad.csv line 3: bsn (bsn): not a valid BSN (9 digits, 11-test)' },
      { entity: 'employee', id: '3', identified: true, reason: 'employees-bad.csv line 4: dateOfBirth (date_of_birth): not a real date' },
      { entity: 'employee', id: '4;multi\nline', identified: true, reason: 'employees-bad.csv line 5: gender (gender): not a known gender (M/V/X)' },
      { entity: 'employee', id: 'line 7', identified: false, reason: 'employees-bad.csv line 7: the row has 3 fields, the header has 5' },
      { entity: 'employee', id: 'line 8', identified: false, reason: 'employees-bad.csv line 8: employeeNumber: is empty' },
    ])
    const text = JSON.stringify(errors.map((e) => e.reason))
    for (const secret of ['123456789', 'Geheim', '31-02-1980', 'alien', 'Kort', 'Leeg']) expect(text).not.toContain(secret)
    expect([...summary.unidentified]).toEqual(['employee'])
  })

  it('an unknown column fails the file with one error naming file and column', async () => {
    const file = write('employees-unknown.csv', 'employee_number,last_name,shoe_size\n1,Vries,44\n')
    await expect(readFixture(generic, file)).rejects.toThrow('file "employees-unknown.csv": unknown column "shoe_size" (map it, or map it to null to leave it out)')
    await expect(readFixture(generic, file, { mapping: { employee: { columns: { shoe_size: null } } } })).resolves.toMatchObject({ errors: [] })
  })

  it('a missing required column fails the file', async () => {
    const employees = write('employees-noid.csv', 'last_name,first_name\nVries,Jan\n')
    await expect(readFixture(generic, employees)).rejects.toThrow('file "employees-noid.csv": missing column for employee field "employeeNumber" or "id" (expected "employee_id" or "employee_number")')
    const wages = write('wages-nostart.csv', 'employment_id,gross_amount_cents\n1,100\n')
    await expect(readFixture(generic, wages)).rejects.toThrow('file "wages-nostart.csv": missing column for wage field "startDate" (expected "wage_start_date")')
  })

  it('an unreadable encoding fails the file: UTF-16, NUL bytes, or invalid UTF-8 where UTF-8 is declared', async () => {
    const utf16 = write('employees-utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('employee_number\n1\n', 'utf16le')]))
    await expect(readFixture(generic, utf16)).rejects.toThrow('file "employees-utf16.csv": unreadable encoding: UTF-16 is not supported')
    const binary = write('employees-binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))
    await expect(readFixture(generic, binary)).rejects.toThrow('file "employees-binary.csv": unreadable encoding: the file holds NUL bytes')
    const latin = write('employees-latin.csv', Buffer.from('employee_number,last_name\n1,M\xfcller\n', 'latin1'))
    await expect(readFixture(generic, latin, { encoding: 'utf-8' })).rejects.toThrow('file "employees-latin.csv": unreadable encoding: the file is not valid UTF-8')
    const detected = await readFixture(generic, latin)
    expect(detected.records[0]?.record).toMatchObject({ name: { lastName: 'Müller' } })
  })

  it('a CSV syntax error fails the file naming the line, never the text', async () => {
    const file = write('employees-quote.csv', 'employee_number,last_name\n1,"Vries"x\n')
    const error = await readFixture(generic, file).catch((caught: Error) => caught)
    expect(String(error)).toMatch(/file "employees-quote.csv": CSV syntax error near line \d+ \(CSV_INVALID_CLOSING_QUOTE\)/)
    expect(String(error)).not.toContain('Vries')
  })

  it('a file over max_file_bytes fails', async () => {
    const file = write('employees-big.csv', 'employee_number\n1\n2\n')
    await expect(readFixture(generic, file, { max_file_bytes: 5 })).rejects.toThrow('file "employees-big.csv": larger than max_file_bytes (5 bytes)')
  })

  it('settings refuse an unknown field and a converter that does not fit', () => {
    const result = generic.settings.safeParse({
      directory: '/data/drop',
      mapping: { employee: { columns: { Naam: 'name.surname', Geboren: { field: 'dateOfBirth', converter: 'yes_no' } } } },
    })
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      expect.stringMatching(/^mapping\.employee\.columns\.Naam: unknown employee field "name\.surname"/),
      'mapping.employee.columns.Geboren: converter yes_no does not fit employee field "dateOfBirth" (a date value)',
    ])
  })
})

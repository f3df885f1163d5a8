import { describe, expect, it } from 'vitest'
import { checkLine } from '../../cli/gateway-commands.js'

describe('check: one coherent line per employer', () => {
  it('an employer that could not be checked does not claim all rights present', () => {
    const line = checkLine({ employer: '999', ok: false, missing: [], error: { code: 'employer_not_found', message: 'Loket employer 999 not found' } })
    expect(line).toBe('employer 999: error employer_not_found: Loket employer 999 not found; rights not checked')
    expect(line).not.toMatch(/all rights present|problem;/)
  })

  it('names missing rights, required or optional, and says ok only when it is', () => {
    expect(checkLine({ employer: '1', ok: false, missing: ['Raadplegen beloningen'] })).toBe('employer 1: missing rights: "Raadplegen beloningen"')
    expect(checkLine({ employer: '1', ok: true, missing: ['Raadplegen variabele gegevens'] })).toBe('employer 1: ok; optional rights not granted: "Raadplegen variabele gegevens"')
    expect(checkLine({ employer: '1', ok: true, missing: [] })).toBe('employer 1: ok, all rights present')
  })
})

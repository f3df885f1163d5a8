import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../core/logger.js'

function capture() {
  const lines: string[] = []
  const log = createLogger({ level: 'debug', destination: new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done() } }) })
  return { log, text: () => lines.join('') }
}

describe('logger redaction', () => {
  it('never writes personal fields, tokens, secrets or authorization headers', () => {
    const { log, text } = capture()
    const secrets = ['012345672', 'NL91ABNA0417164300', 'Bergen', 'Voordijk', 'tok_access_1', 'tok_refresh_1', 'whsec_c2VjcmV0', 'Bearer abc', '3250.00']
    log.info({ bsn: secrets[0], iban: secrets[1], lastName: secrets[2], employeeId: 'emp-1' }, 'one')
    log.warn({ employee: { bsn: secrets[0], name: { lastName: secrets[2] }, address: { street: secrets[3] } } }, 'nested')
    log.error({ accessToken: secrets[4], refresh_token: secrets[5], secret: secrets[6], headers: { authorization: secrets[7] } }, 'auth')
    log.debug({ record: { grossAmountCents: 325000 }, changes: [{ path: 'wage', after: secrets[8] }], salary: 325000 }, 'data')
    const output = text()
    for (const secret of secrets) expect(output).not.toContain(secret)
    expect(output).not.toContain('325000')
    expect(output).toContain('emp-1')
    expect(output).toContain('[redacted]')
    expect(output.trim().split('\n')).toHaveLength(4)
  })
})

import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino'

/**
 * Paths pino removes from every log line. Personal data and secrets never reach a log; code
 * logs ids and counts only, and this list is the safety net for mistakes.
 */
export const redactPaths = [
  'bsn', '*.bsn', 'iban', '*.iban', 'name', '*.name.*', 'firstName', '*.firstName', 'lastName', '*.lastName',
  'initials', '*.initials', 'partnerLastName', '*.partnerLastName', 'dateOfBirth', '*.dateOfBirth',
  'address', '*.address', 'street', '*.street', 'postalCode', '*.postalCode', 'email', '*.email', 'phone', '*.phone',
  'contact', '*.contact', 'record', '*.record', 'previous', '*.previous', 'changes', '*.changes',
  'grossAmountCents', '*.grossAmountCents', 'salary', '*.salary', 'amount', '*.amount',
  'token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken',
  'access_token', '*.access_token', 'refresh_token', '*.refresh_token',
  'secret', '*.secret', 'clientSecret', '*.clientSecret', 'client_secret', '*.client_secret',
  'password', '*.password', 'state', 'authorization', '*.authorization', 'headers.authorization',
  'req.headers.authorization', 'req.headers.cookie', 'body', '*.body', 'data', '*.data',
]

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): PinoLogger {
  return pino(
    {
      level: options.level,
      base: { service: 'koppel' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  )
}

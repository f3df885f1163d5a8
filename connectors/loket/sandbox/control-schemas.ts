import { z } from 'zod'
import { rightNames } from './rights.js'
import type { LoketRightName } from './sandbox-types.js'

/** The JSON bodies of the sandbox's control API (`/_sandbox/…`), validated strictly. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')

export const addressBody = z.strictObject({
  street: z.string().min(1).optional(),
  houseNumber: z.number().int().positive().optional(),
  houseNumberAddition: z.string().nullable().optional(),
  postalCode: z.string().regex(/^\d{4}\s?[A-Z]{2}$/, 'a Dutch postal code like 1234AB').optional(),
  city: z.string().min(1).optional(),
})

export const raiseSalaryBody = z.strictObject({
  percent: z.number().gt(-100).max(1000).optional(),
  startDate: isoDate.optional(),
})

export const hireBody = z.strictObject({
  firstName: z.string().min(1).optional(),
  lastName: z.string().min(1).optional(),
  prefix: z.string().nullable().optional(),
  startDate: isoDate.optional(),
  bsn: z.string().regex(/^\d{9}$/, 'nine digits').optional(),
  grossWage: z.number().positive().optional(),
  hoursPerWeek: z.number().positive().max(80).optional(),
})

export const terminateBody = z.strictObject({
  endDate: isoDate,
  reason: z.string().min(1).optional(),
})

const relative = {
  firstName: z.string().min(1).optional(),
  lastName: z.string().min(1).optional(),
  dateOfBirth: isoDate.optional(),
}

export const addPartnerBody = z.strictObject({ ...relative, startDate: isoDate.optional() })

export const endPartnerBody = z.strictObject({ endDate: isoDate.optional() })

export const addChildBody = z.strictObject(relative)

export const rightBody = z.strictObject({
  right: z.enum(rightNames as [LoketRightName, ...LoketRightName[]]),
  allowed: z.boolean(),
})

const faultMatch = {
  /** A substring of the request path (e.g. "/wages"); default: every request of the sandbox's API and OAuth. */
  path: z.string().min(1).optional(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
  /** How many requests it hits; "always" until cleared. Default 1. */
  times: z.union([z.number().int().positive(), z.literal('always')]).optional(),
}

export const faultBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('status'), status: z.number().int().min(400).max(599), retryAfter: z.number().int().nonnegative().optional(), ...faultMatch }),
  z.strictObject({ kind: z.literal('malformed-json'), ...faultMatch }),
  z.strictObject({ kind: z.literal('reset'), ...faultMatch }),
  z.strictObject({ kind: z.literal('delay'), ms: z.number().int().positive().max(600_000), ...faultMatch }),
  z.strictObject({ kind: z.literal('shrink-total-pages'), ...faultMatch }),
  z.strictObject({ kind: z.literal('grow-total-pages'), ...faultMatch }),
  z.strictObject({ kind: z.literal('wrong-current-page'), ...faultMatch }),
])

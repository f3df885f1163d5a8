import { z } from 'zod'
import { rightNames } from './rights.js'
import type { LoketRightName } from './sandbox-types.js'
import { employedStatuses } from './user-filter-types.js'

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

/** A control that takes no options: an empty body, or `{}`. */
export const emptyBody = z.strictObject({})

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

export const payrollRunBody = z.strictObject({
  /** A retroactive correction in the same run (default January of the run's year, +2%); null: none. */
  correction: z.strictObject({
    year: z.number().int().min(1900).max(2100),
    periodNumber: z.number().int().min(1).max(12),
    percent: z.number().gt(-100).max(1000).optional(),
    employmentId: z.string().min(1).optional(),
  }).nullable().optional(),
})

export const removeWageBody = z.strictObject({ wageId: z.string().min(1).optional() })

const guidKey = z.strictObject({ key: z.uuid() })

/** Fields of the Loket user's employment filter (GET /user/filtersettings/{employerId}); absent ones stay. */
export const userFilterBody = z.strictObject({
  filterOnEmployedStatus: z.enum(employedStatuses).optional(),
  filterOnAdministrations: z.array(guidKey).optional(),
  filterOnDepartments: z.array(guidKey).optional(),
  filterOnEmploymentCategoryType: z.array(z.strictObject({ key: z.number().int() })).optional(),
  filterOnOnCallEmployment: z.boolean().nullable().optional(),
})

export const noticeBody = z.strictObject({
  path: z.string().min(1),
  obsoleteDate: isoDate.optional(),
  message: z.strictObject({ code: z.number().int(), description: z.string().min(1) }).optional(),
}).refine((notice) => notice.obsoleteDate !== undefined || notice.message !== undefined, 'give obsoleteDate, message or both')

import { Hono, type Context } from 'hono'
import type { z } from 'zod'
import { addChildBody, addPartnerBody, addressBody, emptyBody, endPartnerBody, faultBody, hireBody, raiseSalaryBody, rightBody, terminateBody } from './control-schemas.js'
import { payrollRunBody, removeWageBody } from './control-schemas.js'
import type { FaultSpec } from './fault-controls.js'
import type { LoketSandbox } from './sandbox-types.js'

/** One line per control endpoint; served at `GET /_sandbox` and printed in the banner. */
export const controlEndpoints = [
  'GET    /_sandbox/employers                            employer ids and numbers',
  'GET    /_sandbox/employees?employer=<id or number>    employee and employment ids',
  'POST   /_sandbox/employees/<id>/address               {street?, houseNumber?, postalCode?, city?}; {} = a new random address',
  'POST   /_sandbox/employments/<id>/raise-salary        {percent?: 3, startDate?: first of next month}',
  'POST   /_sandbox/employers/<id or number>/hire        {firstName?, lastName?, startDate?, grossWage?, hoursPerWeek?}',
  'POST   /_sandbox/employments/<id>/terminate           {endDate: "YYYY-MM-DD", reason?}',
  'POST   /_sandbox/employees/<id>/partners              {firstName?, lastName?, dateOfBirth?, startDate?: today}: a new partner',
  'POST   /_sandbox/partners/<id>/end                    {endDate?: today}: the partnership ends, the partner stays in the history',
  'POST   /_sandbox/employees/<id>/children              {firstName?, lastName?, dateOfBirth?}: a new child',
  'DELETE /_sandbox/partners/<id>                        remove a partner from the history (unlike /end: gone from every list)',
  'DELETE /_sandbox/children/<id>                        remove a child',
  'GET    /_sandbox/rights                               the rights and whether each is granted',
  'POST   /_sandbox/rights                               {right: "Raadplegen beloningen", allowed: false}',
  'GET    /_sandbox/faults                               the faults still armed',
  'POST   /_sandbox/faults                               {kind: "status", status: 503, path?: "/wages", times?: 1 | "always"}',
  'DELETE /_sandbox/faults                               clear every fault',
  'POST   /_sandbox/employers/<ref>/payroll-runs        {correction?: {year, periodNumber, percent?, employmentId?} | null}: approve the next period',
  'DELETE /_sandbox/payroll-runs/<id>                    remove an approved payroll run',
  'POST   /_sandbox/employments/<id>/remove-wage         {wageId?}: remove a wage record (default the latest)',
  'GET    /_sandbox/employers/<id or number>/user-filter the Loket user\'s employment filter (GET /user/filtersettings/<id>)',
  'POST   /_sandbox/employers/<id or number>/user-filter {filterOnEmployedStatus?: "ActiveEmployments", filterOnDepartments?: [{key}], …}',
  'GET    /_sandbox/notices                              resources announcing a retirement or warning',
  'POST   /_sandbox/notices                              {path: "/wages", obsoleteDate?: "YYYY-MM-DD", message?: {code, description}}',
  'DELETE /_sandbox/notices                              clear every notice',
] as const

export class ControlError extends Error {
  constructor(readonly status: 400 | 404, message: string, readonly issues?: unknown) {
    super(message)
  }
}

export async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text()
  let json: unknown
  try {
    json = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw new ControlError(400, 'the body is not JSON')
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    throw new ControlError(400, `invalid body: ${issues.join('; ')}`, issues)
  }
  return parsed.data
}

/**
 * The sandbox's control API: what a test does in-process (edit data, withhold rights, inject
 * faults) over HTTP, so an operator can rehearse "change data, sync again" against the
 * standalone `sandbox loket`. It answers ids and version numbers only, never personal data.
 */
export function controlRoutes(sandbox: LoketSandbox): Hono {
  const { data } = sandbox
  const employerOf = (ref: string) => {
    const found = data.employers.get(ref) ?? [...data.employers.values()].find((entry) => String(entry.employer.employerNumber) === ref)
    if (!found) throw new ControlError(404, `unknown employer "${ref}" (GET /_sandbox/employers lists them)`)
    return found
  }
  const employeeOf = (id: string) => {
    const found = data.employees.get(id)
    if (!found) throw new ControlError(404, `unknown employee "${id}" (GET /_sandbox/employees lists them)`)
    return found
  }
  const employmentOf = (id: string) => {
    const found = data.employments.get(id)
    if (!found) throw new ControlError(404, `unknown employment "${id}" (GET /_sandbox/employees lists them)`)
    return found
  }
  const partnerOf = (id: string): string => {
    if (![...data.employees.values()].some((entry) => entry.partners.some((partner) => partner.id === id))) {
      throw new ControlError(404, `unknown partner "${id}"`)
    }
    return id
  }
  const version = () => ({ versionNumber: data.versionCounter.current })

  return new Hono()
    .get('/', (c) => c.json({ endpoints: controlEndpoints }))
    .get('/employers', (c) => c.json({
      items: [...data.employers.values()].map((entry) => ({
        id: entry.employer.id, employerNumber: entry.employer.employerNumber, lastModifiedVersionNumber: entry.lastModifiedVersionNumber,
        employees: [...data.employees.values()].filter((employee) => employee.employerId === entry.employer.id).length,
      })),
    }))
    .get('/employees', (c) => {
      const ref = c.req.query('employer')
      const employerId = ref === undefined ? undefined : employerOf(ref).employer.id
      const employments = [...data.employments.values()]
      return c.json({
        items: [...data.employees.values()].filter((entry) => employerId === undefined || entry.employerId === employerId).map((entry) => ({
          id: entry.employee.id, employeeNumber: entry.employee.employeeNumber, employerId: entry.employerId,
          employments: employments.filter((employment) => employment.employeeId === entry.employee.id).map((employment) => ({
            id: employment.employment.id, startDate: employment.employment.startDate, endDate: employment.employment.endDate,
          })),
        })),
      })
    })
    .post('/employees/:id/address', async (c) => {
      const id = employeeOf(c.req.param('id')).employee.id
      const partial = await body(c, addressBody)
      sandbox.changeAddress(id, Object.keys(partial).length ? partial : undefined)
      return c.json({ employeeId: id, ...version() })
    })
    .post('/employments/:id/raise-salary', async (c) => {
      const id = employmentOf(c.req.param('id')).employment.id
      sandbox.raiseSalary(id, await body(c, raiseSalaryBody))
      return c.json({ employmentId: id, ...version() })
    })
    .post('/employers/:ref/hire', async (c) => {
      const employerId = employerOf(c.req.param('ref')).employer.id
      const hired = sandbox.hire(employerId, await body(c, hireBody))
      return c.json({ ...hired, ...version() }, 201)
    })
    .post('/employers/:ref/payroll-runs', async (c) => {
      const employerId = employerOf(c.req.param('ref')).employer.id
      const { correction } = await body(c, payrollRunBody)
      return c.json(sandbox.approvePayrollRun(employerId, correction === undefined ? {} : { correction }), 201)
    })
    .delete('/payroll-runs/:id', (c) => {
      const id = c.req.param('id')
      if (![...data.payroll.values()].some((payroll) => payroll.runs.some((run) => run.id === id))) throw new ControlError(404, `unknown payroll run "${id}"`)
      sandbox.removePayrollRun(id)
      return c.json({ payrollRunId: id })
    })
    .post('/employments/:id/remove-wage', async (c) => {
      const entry = employmentOf(c.req.param('id'))
      const { wageId } = await body(c, removeWageBody)
      if (wageId !== undefined ? !entry.wages.some((wage) => wage.id === wageId) : entry.wages.length === 0) {
        throw new ControlError(404, `employment "${entry.employment.id}" has no such wage`)
      }
      const removed = sandbox.removeWage(entry.employment.id, wageId)
      return c.json({ employmentId: entry.employment.id, wageId: removed, ...version() })
    })
    .post('/employments/:id/terminate', async (c) => {
      const id = employmentOf(c.req.param('id')).employment.id
      const { endDate, reason } = await body(c, terminateBody)
      sandbox.terminate(id, endDate, reason)
      return c.json({ employmentId: id, ...version() })
    })
    .post('/employees/:id/partners', async (c) => {
      const id = employeeOf(c.req.param('id')).employee.id
      const partnerId = sandbox.addPartner(id, await body(c, addPartnerBody))
      return c.json({ employeeId: id, partnerId, ...version() }, 201)
    })
    .post('/partners/:id/end', async (c) => {
      const id = partnerOf(c.req.param('id'))
      const { endDate } = await body(c, endPartnerBody)
      sandbox.endPartner(id, endDate)
      return c.json({ partnerId: id, ...version() })
    })
    .delete('/partners/:id', async (c) => {
      const id = partnerOf(c.req.param('id'))
      await body(c, emptyBody)
      sandbox.removePartner(id)
      return c.json({ partnerId: id, ...version() })
    })
    .delete('/children/:id', async (c) => {
      const id = c.req.param('id')
      if (![...data.employees.values()].some((entry) => entry.children.some((child) => child.id === id))) {
        throw new ControlError(404, `unknown child "${id}"`)
      }
      await body(c, emptyBody)
      sandbox.removeChild(id)
      return c.json({ childId: id, ...version() })
    })
    .post('/employees/:id/children', async (c) => {
      const id = employeeOf(c.req.param('id')).employee.id
      const childId = sandbox.addChild(id, await body(c, addChildBody))
      return c.json({ employeeId: id, childId, ...version() }, 201)
    })
    .get('/rights', (c) => c.json({ items: [...sandbox.rights].map(([right, allowed]) => ({ right, allowed })) }))
    .post('/rights', async (c) => {
      const { right, allowed } = await body(c, rightBody)
      sandbox.setRight(right, allowed)
      return c.json({ right, allowed })
    })
    .get('/faults', (c) => c.json({ items: sandbox.faults.pending.map(presentFault) }))
    .post('/faults', async (c) => {
      const { times, ...fault } = await body(c, faultBody)
      const spec = { ...fault, times: times === 'always' ? Infinity : times ?? 1 } as FaultSpec
      sandbox.faults.add(spec)
      return c.json(presentFault(spec), 201)
    })
    .delete('/faults', (c) => {
      const cleared = sandbox.faults.pending.length
      sandbox.faults.clear()
      return c.json({ cleared })
    })
    .all('*', (c) => c.json({ error: `no control endpoint ${c.req.method} ${c.req.path}`, endpoints: controlEndpoints }, 404))
    .onError((error, c) => {
      if (error instanceof ControlError) return c.json({ error: error.message, ...(error.issues ? { issues: error.issues } : {}) }, error.status)
      return c.json({ error: error.message }, 400)
    })
}

/** JSON has no Infinity and no RegExp: a standing fault shows as "always", a pattern as its source. */
function presentFault(fault: FaultSpec): Record<string, unknown> {
  return {
    ...fault,
    path: fault.path instanceof RegExp ? fault.path.source : fault.path ?? null,
    times: fault.times === undefined ? 1 : Number.isFinite(fault.times) ? fault.times : 'always',
  }
}

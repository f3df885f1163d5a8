import { Hono } from 'hono'
import { body, ControlError } from './control-routes.js'
import { noticeBody, userFilterBody } from './control-schemas.js'
import type { SandboxNotice } from './upstream-notices.js'
import type { LoketSandbox } from './sandbox-types.js'

/**
 * Control endpoints for the API's fidelity traps (listed in `controlEndpoints`): the Loket
 * user's employment filter, which narrows the employer-level employment lists, and resources
 * that announce their retirement (`version.obsoleteDate`) or warn (`messages[]`).
 */
export function fidelityControlRoutes(sandbox: LoketSandbox): Hono {
  const employerId = (ref: string): string => {
    const found = sandbox.data.employers.get(ref)
      ?? [...sandbox.data.employers.values()].find((entry) => String(entry.employer.employerNumber) === ref)
    if (!found) throw new ControlError(404, `unknown employer "${ref}" (GET /_sandbox/employers lists them)`)
    return found.employer.id
  }
  return new Hono()
    .get('/employers/:ref/user-filter', (c) => {
      const id = employerId(c.req.param('ref'))
      return c.json({ employerId: id, employmentFilter: sandbox.userFilter(id) })
    })
    .post('/employers/:ref/user-filter', async (c) => {
      const id = employerId(c.req.param('ref'))
      const filter = await body(c, userFilterBody)
      const defined = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined))
      return c.json({ employerId: id, employmentFilter: sandbox.setUserFilter(id, defined) })
    })
    .get('/notices', (c) => c.json({ items: sandbox.notices }))
    .post('/notices', async (c) => {
      const notice = await body(c, noticeBody) as SandboxNotice
      sandbox.announce(notice)
      return c.json(notice, 201)
    })
    .delete('/notices', (c) => {
      const cleared = sandbox.notices.length
      sandbox.clearNotices()
      return c.json({ cleared })
    })
    .onError((error, c) => {
      if (error instanceof ControlError) return c.json({ error: error.message, ...(error.issues ? { issues: error.issues } : {}) }, error.status)
      return c.json({ error: error.message }, 400)
    })
}

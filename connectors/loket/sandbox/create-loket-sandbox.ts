import { Hono } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import type { LoketRightName, LoketSandbox, SandboxOptions } from './sandbox-types.js'
import type { RequestLogEntry } from './fault-controls.js'
import { createFaultRegistry } from './fault-controls.js'
import { faultMiddleware, unauthorizedBody } from './fault-middleware.js'
import { controlRoutes } from './control-routes.js'
import { createOAuthState } from './oauth-state.js'
import { oauthRoutes } from './oauth-routes.js'
import { employerRoutes } from './employer-routes.js'
import { employmentRoutes } from './employment-routes.js'
import { peopleRoutes } from './people-routes.js'
import { generateDataset, streamSeed } from './generate-dataset.js'
import { createMutations } from './sandbox-mutations.js'
import { createPayrollMutations } from './payroll-mutations.js'
import { generatePayroll } from './payroll-state.js'
import { payrollRoutes } from './payroll-routes.js'
import { randomEdit } from './random-edit.js'
import { createRng } from './create-rng.js'
import { rightNames } from './rights.js'
import { today } from './sandbox-dates.js'
import type { ApiContext } from './api-responses.js'
import { createUserFilters, userFilterRoutes } from './user-filter.js'
import { createNotices, noticeMiddleware } from './upstream-notices.js'
import { fidelityControlRoutes } from './fidelity-control-routes.js'

const bearerPattern = /^Bearer\s([\w-]+)$/

/**
 * The simulated Loket.nl: OAuth at the root (`/authorize`, `/token`), the REST API under
 * `/v2`, a deterministic dataset, mutation helpers, rights switches and fault injection, the
 * latter three also over HTTP under `/_sandbox` (control-routes.ts).
 *
 * @example
 *   const sandbox = createLoketSandbox({ seed: 7, employeesPerEmployer: 10 })
 *   const { accessToken } = sandbox.oauth.issueTokens()
 *   await sandbox.app.request('/v2/providers/employers', { headers: { Authorization: `Bearer ${accessToken}` } })
 */
export function createLoketSandbox(options: SandboxOptions = {}): LoketSandbox {
  const seed = options.seed ?? 1
  const now = options.now ?? Date.now
  const data = generateDataset({
    seed, employers: options.employers ?? 1, employeesPerEmployer: options.employeesPerEmployer ?? 25, referenceDate: today(now()),
  })
  const oauth = createOAuthState({
    clientId: options.clientId ?? 'koppel-sandbox',
    clientSecret: options.clientSecret ?? 'sandbox-secret',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    autoApprove: options.autoApprove ?? false,
    now,
  })
  const faults = createFaultRegistry()
  const requests: RequestLogEntry[] = []
  const rights = new Map<LoketRightName, boolean>(rightNames.map((name) => [name, true]))
  const payrollRng = createRng(streamSeed(seed, 0x9a7))
  data.payroll = generatePayroll(data, now(), () => payrollRng.uuid())
  const mutations = { ...createMutations(data, createRng(streamSeed(seed, 0x5eed)), () => today(now())), ...createPayrollMutations(data, now, () => payrollRng.uuid()) }
  const userFilters = createUserFilters()
  const notices = createNotices()
  const api: ApiContext = { data, rights, maxPageSize: options.maxPageSize ?? 1000, now, userFilters }

  const sandbox: LoketSandbox = {
    app: new Hono<{ Bindings: HttpBindings }>(),
    data, oauth, faults, requests, rights,
    latencyMs: options.latencyMs ?? 0,
    setRight: (name, allowed) => { rights.set(name, allowed) },
    ...mutations,
    randomEdit: (rng) => randomEdit(data, mutations, rng, today(now())),
    setUserFilter: userFilters.setUserFilter,
    userFilter: userFilters.userFilter,
    announce: notices.announce,
    clearNotices: notices.clearNotices,
    get notices() { return notices.notices },
  }

  const v2 = new Hono<{ Bindings: HttpBindings }>()
  v2.use('*', async (c, next) => {
    const token = bearerPattern.exec(c.req.header('authorization') ?? '')?.[1]
    if (!token || !oauth.isAccessTokenValid(token)) return c.json(unauthorizedBody, 401)
    await next()
  })
  v2.use('*', noticeMiddleware(notices.list))
  v2.route('/', userFilterRoutes(api))
  v2.route('/', employerRoutes(api))
  v2.route('/', employmentRoutes(api))
  v2.route('/', payrollRoutes(api))
  v2.route('/', peopleRoutes(api))
  v2.notFound((c) => c.json({ message: `No HTTP resource was found that matches the request URI '${c.req.path}'.` }, 404))

  const app = sandbox.app
  // Before the fault middleware: injected faults and the request log concern the simulated API only.
  app.route('/_sandbox', fidelityControlRoutes(sandbox))
  app.route('/_sandbox', controlRoutes(sandbox))
  app.use('*', faultMiddleware({ faults, requests, latencyMs: () => sandbox.latencyMs }))
  app.route('/', oauthRoutes(oauth))
  app.route('/v2', v2)
  app.onError((error, c) => c.json({ message: 'An error has occurred.', exceptionMessage: error.message }, 500))
  return sandbox
}

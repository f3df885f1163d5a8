import { serve } from '@hono/node-server'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { loadConfig } from '../../config/load-config.js'
import { startLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { createGateway } from '../../core/create-gateway.js'
import { createLogger } from '../../core/logger.js'
import type { MutationData } from '../../core/model/index.js'
import { gatewayRegistry } from '../gateway-registry.js'
import { demoSecrets, freePort, writeDemoConfig } from './demo-config.js'
import { startDemoReceiver } from './demo-receiver.js'
import { adminClient, approveConsent } from './demo-steps.js'
import { mask } from './mask.js'

const out = (line = '') => process.stdout.write(`${line}\n`)

/**
 * `npm run demo`: Koppel's main job end to end, offline. A simulated Loket.nl, the gateway
 * on a temporary SQLite file, one authorization through the consent screen, a baseline sync,
 * changes in the payroll data (an address, a raise, a hire, a termination), a second sync,
 * and a receiver that verifies every webhook. True when the receiver got exactly the
 * mutations of the second sync, all with valid signatures.
 */
export async function runDemo(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'koppel-demo-'))
  const sandbox = await startLoketSandbox({ seed: 2026, employers: 1, employeesPerEmployer: 12 })
  const employer = [...sandbox.data.employers.values()][0]!.employer
  const port = await freePort()
  const secrets = demoSecrets(sandbox.oauth)
  const receiver = await startDemoReceiver(secrets.webhookSecret)
  const path = writeDemoConfig(dir, { port, sandboxUrl: sandbox.url, receiverUrl: receiver.url, employerNumber: String(employer.employerNumber) })
  const loaded = await loadConfig({ path, env: { ...process.env, ...secrets.env }, resolveRegistry: gatewayRegistry })
  if (!loaded.ok) throw new Error(`demo config invalid: ${loaded.problems.join('; ')}`)
  const gateway = await createGateway(loaded.config, loaded.registry, createLogger({ level: 'warn' }))
  const server = serve({ fetch: gateway.app.fetch, hostname: '127.0.0.1', port })
  await once(server, 'listening')
  gateway.dispatcher.start()
  const api = adminClient(`http://127.0.0.1:${port}`, secrets.adminToken)
  try {
    out(`Koppel demo: simulated Loket.nl at ${sandbox.url}, gateway at http://127.0.0.1:${port}, receiver at ${receiver.url}`)
    const { authorizeUrl } = await api.call<{ authorizeUrl: string }>('POST', '/api/connections/demo-loket/authorize')
    const page = await approveConsent(authorizeUrl)
    out(`1. authorized through the consent screen: ${page.includes('succeeded') ? 'Authorization of the Loket.nl connection succeeded' : 'FAILED'}`)
    const baseline = await api.sync('demo-loket')
    out(`2. baseline sync ${baseline.status}: ${baseline.counts.employee?.created ?? 0} employees, ${baseline.counts.employment?.created ?? 0} employments stored, no mutations sent`)
    const after = (await api.feed(0)).at(-1)?.sequence ?? 0

    const touched = changePayrollData(sandbox)
    out('3. changed in Loket.nl: an address, a new partner, a salary raise, a hire, a termination, and an approved payroll run with a correction of last month')
    const second = await api.sync('demo-loket')
    const feed = await api.feed(after)
    out(`4. second sync ${second.status}: ${feed.length} mutation(s)`)
    await waitFor(() => feed.every((m) => receiver.received.some((r) => r.webhookId === m.id)), 20_000)

    const records = receiver.received
      .filter((r) => !r.type.startsWith('sync.') && !r.type.startsWith('connection.'))
      .sort((a, b) => Number(a.data.sequence) - Number(b.data.sequence))
    out(`5. the receiver got ${receiver.received.length} webhook(s), ${records.length} of them mutations:`)
    for (const r of records) {
      const m = r.data as unknown as MutationData
      const changes = m.changes.map((c) => `${c.path}: ${mask(c.before)} → ${mask(c.after)}`).join(', ')
      out(`   #${m.sequence} ${r.type.padEnd(22)} ${m.recordId}${changes ? `  ${changes}` : ''}  [signature ${r.verified ? 'valid' : 'INVALID'}]`)
    }
    const problems = verify(feed, records.map((r) => ({ id: r.webhookId, verified: r.verified, data: r.data as unknown as MutationData })), touched)
    out(problems.length === 0 ? `ok: every mutation of the feed reached the receiver with a valid signature, and nothing else did` : `FAILED:\n  ${problems.join('\n  ')}`)
    return problems.length === 0 && baseline.status === 'succeeded' && second.status === 'succeeded'
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await gateway.close()
    await receiver.close()
    await sandbox.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

type Touched = { employees: Set<string>; employments: Set<string>; payrollPeriods: Set<string> }

function changePayrollData(sandbox: Awaited<ReturnType<typeof startLoketSandbox>>): Touched {
  const employer = [...sandbox.data.employers.keys()][0]!
  const active = [...sandbox.data.employments.values()].filter((e) => e.employment.endDate === null)
  const [raised, ended] = [active[0]!, active.find((e) => e.employeeId !== active[0]!.employeeId)!]
  const moved = [...sandbox.data.employees.values()].find((e) => e.employee.id !== raised.employeeId && e.employee.id !== ended.employeeId)!
  sandbox.changeAddress(moved.employee.id, { street: 'Breestraat', houseNumber: 117, postalCode: '2311 CS', city: 'Leiden' })
  // A new partner: what survivor's insurance (ANW) and partner pension are built on.
  sandbox.addPartner(moved.employee.id)
  sandbox.raiseSalary(raised.employment.id, { percent: 4 })
  const hired = sandbox.hire(employer)
  sandbox.terminate(ended.employment.id, new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), 'Ontslag op eigen verzoek')
  // Loonresultaten: the next period's run, which also corrects last month's salary of one employment.
  const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1))
  const run = sandbox.approvePayrollRun(employer, { correction: { year: lastMonth.getUTCFullYear(), periodNumber: lastMonth.getUTCMonth() + 1, percent: 2 } })
  const period = (year: number, periodNumber: number) => `${year}-${periodNumber}`
  return {
    employees: new Set([moved.employee.id, hired.employeeId]),
    employments: new Set([raised.employment.id, ended.employment.id, hired.employmentId]),
    payrollPeriods: new Set([period(run.year, run.periodNumber), ...(run.corrected ? [period(run.corrected.year, run.corrected.periodNumber)] : [])]),
  }
}

function verify(feed: MutationData[], received: Array<{ id: string; verified: boolean; data: MutationData }>, touched: Touched): string[] {
  const problems: string[] = []
  const kinds = new Set(feed.map((m) => `${m.entity}.${m.operation}`))
  for (const expected of ['employee.updated', 'employee.created', 'partner.created', 'employment.created', 'employment.updated', 'wage.created', 'working_hours.created', 'payroll_result.created', 'payroll_result.updated']) {
    if (!kinds.has(expected)) problems.push(`no ${expected} in the feed`)
  }
  for (const m of feed) {
    const record = m.record ?? m.previous
    const owner = m.entity === 'employee' ? touched.employees.has(m.recordId)
      : m.entity === 'payroll_result' ? touched.payrollPeriods.has(`${record?.year}-${record?.periodNumber}`)
      : m.entity === 'partner' || m.entity === 'child' ? touched.employees.has(String(record?.employeeId)) : touched.employments.has(m.entity === 'employment' ? m.recordId : String((m.record ?? m.previous)?.employmentId))
    if (!owner) problems.push(`unexpected ${m.entity}.${m.operation} for ${m.recordId}`)
    const copies = received.filter((r) => r.id === m.id)
    if (copies.length === 0) problems.push(`mutation ${m.id} was not delivered`)
    if (copies.some((r) => !r.verified || r.data.sequence !== m.sequence)) problems.push(`mutation ${m.id} arrived with a bad signature or body`)
  }
  if (received.some((r) => !feed.some((m) => m.id === r.id))) problems.push('the receiver got a mutation that is not in the feed')
  return problems
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
}

/**
 * The simulated Loket.nl in its own process for the fetch benchmark, so that its CPU (it
 * plays a remote server) does not share the event loop being measured. Commands over IPC:
 * `raise` (salary raises on 1% of the active employments), `approve` (one payroll run approved
 * for the next period, with a retroactive correction of January) and `count` (/v2 requests so far).
 */
import { startLoketSandbox } from '../connectors/loket/sandbox/index.js'

const employees = Number(process.argv[2] ?? 1000)
const sandbox = await startLoketSandbox({ seed: 6, employers: 1, employeesPerEmployer: employees, latencyMs: 20, maxPageSize: 1000 })
const apiRequests = () => sandbox.requests.filter((r) => r.path.startsWith('/v2')).length
const { accessToken } = sandbox.oauth.issueTokens()

process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'count') process.send!({ count: apiRequests(), cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 })
  if (message.cmd === 'raise') {
    const active = [...sandbox.data.employments.values()].filter((e) => e.employment.endDate === null)
    const changed = Math.max(1, Math.round(sandbox.data.employments.size / 100))
    for (let i = 0; i < changed; i++) sandbox.raiseSalary(active[Math.floor((i * active.length) / changed)]!.employment.id, { percent: 2 })
    process.send!({ changed })
  }
  if (message.cmd === 'approve') {
    const approval = sandbox.approvePayrollRun([...sandbox.data.employers.keys()][0]!)
    process.send!({ year: approval.year, periodNumber: approval.periodNumber, corrected: approval.corrected !== null })
  }
  if (message.cmd === 'stop') void sandbox.close().then(() => process.exit(0))
})
process.send!({
  ready: true, apiBaseUrl: sandbox.apiBaseUrl, oauthBaseUrl: sandbox.oauthBaseUrl, clientId: sandbox.oauth.clientId, accessToken,
  employerId: [...sandbox.data.employers.keys()][0], employments: sandbox.data.employments.size,
})

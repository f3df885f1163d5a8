import { createLoketSandbox } from '../../../../connectors/loket/sandbox/index.js'
import type { LoketSandbox, SandboxOptions } from '../../../../connectors/loket/sandbox/index.js'

export interface AuthorizedSandbox {
  sandbox: LoketSandbox
  /** GET under /v2 with a valid token; returns status and parsed JSON. */
  get(path: string, accept?: string): Promise<{ status: number; body: any; headers: Headers }>
}

export function authorizedSandbox(options: SandboxOptions = {}): AuthorizedSandbox {
  const sandbox = createLoketSandbox({ employeesPerEmployer: 12, ...options })
  const { accessToken } = sandbox.oauth.issueTokens()
  return {
    sandbox,
    async get(path, accept = 'application/json') {
      const response = await sandbox.app.request(`/v2${path}`, { headers: { Authorization: `Bearer ${accessToken}`, Accept: accept } })
      const text = await response.text()
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers }
    },
  }
}

export const firstEmployerId = (sandbox: LoketSandbox): string => {
  const first = sandbox.data.employers.keys().next()
  if (first.done) throw new Error('no employer')
  return first.value
}

/**
 * The parts of the admin API's answers (DESIGN.md §6) that the console shows. The console
 * reads them as any API client would; the routes own the full shapes.
 */
export interface ApiRun {
  id: string
  connection: string
  status: 'running' | 'succeeded' | 'failed' | 'held'
  mode: string
  trigger: string
  startedAt: string
  finishedAt: string | null
  counts: Record<string, Record<string, number>>
  error: { code: string; message: string } | null
}

export interface ApiConnection {
  id: string
  connector: string
  status: string
  enabled: boolean
  employers: string[]
  authorized: boolean
  lastRun: ApiRun | null
  nextRunAt: string | null
}

export interface ApiConnector {
  id: string
  displayName: string
  auth: string
}

export interface ApiWebhook {
  id: string
  url: string
  events: string[]
  enabled: boolean
  status: string
  disabledReason: string | null
  counts: Record<string, number>
}

export interface ApiDelivery {
  id: number
  messageId: string
  type: string
  sequence: number | null
  status: string
  attempts: number
  lastError: string | null
  createdAt: string
}

export interface ApiCheckReport {
  ok: boolean
  credentials: { ok: boolean; error?: { code: string; message: string } }
  employers: Array<{ employer: string; ok: boolean; missing: string[]; error?: { code: string; message: string } }>
}

export interface ApiChange {
  path: string
  before: unknown
  after: unknown
}

export interface ApiMutation {
  id: string
  sequence: number
  connection: string
  employerId: string
  entity: string
  recordId: string
  operation: string
  changes: ApiChange[]
  record: Record<string, unknown> | null
  previous: Record<string, unknown> | null
}

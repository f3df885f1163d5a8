import { readFeed } from '../../cli/demo/demo-steps.js'
import { entities, type MutationData } from '../../core/model/index.js'

/** A run as `GET /api/runs/:id` returns it. */
export interface ApiRun {
  id: string
  status: 'running' | 'succeeded' | 'failed' | 'held'
  mode: string
  counts: Record<string, Record<string, number>>
  error: { code: string; message: string } | null
  employers: Array<{ employer: string; employerId: string | null; status: string; mode: string; error: { code: string; message: string } | null }>
  durationMs: number | null
}

/** Every record of the snapshot, keyed `entity/id`. */
export type Snapshot = Map<string, Record<string, unknown>>

/** The admin API of one gateway, spoken over real HTTP as an operator's script would. */
export interface E2eApi {
  /** Any request; answers status and parsed JSON (null for an empty body). */
  raw(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>
  /** A request that must answer 2xx. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>
  /** Starts a sync (`POST /api/connections/:id/sync`) and polls the run until it ends. */
  sync(connection: string, body?: { mode?: 'full' | 'incremental'; force?: boolean }): Promise<ApiRun>
  waitForRun(runId: string): Promise<ApiRun>
  /** The whole catch-up feed after `after`, following `nextAfter`. */
  feed(after?: number): Promise<MutationData[]>
  /** Every page of `GET /api/records/:entity` for all entities. */
  snapshot(connection?: string): Promise<Snapshot>
  connection(id: string): Promise<{ status: string; authorized: boolean; tokenExpiresAt: string | null }>
}

export function e2eApi(baseUrl: string, adminToken: string): E2eApi {
  const raw = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null }
  }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await raw(method, path, body)
    if (answer.status < 200 || answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`)
    return answer.json as T
  }
  const waitForRun = async (runId: string): Promise<ApiRun> => {
    const deadline = Date.now() + 20_000
    for (;;) {
      const run = await call<ApiRun>('GET', `/api/runs/${runId}`)
      if (run.status !== 'running') return run
      if (Date.now() > deadline) throw new Error(`run ${runId} still running after 20 s`)
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
  }
  return {
    raw, call, waitForRun,
    async sync(connection, body = {}) {
      const { runId } = await call<{ runId: string }>('POST', `/api/connections/${connection}/sync`, body)
      return waitForRun(runId)
    },
    feed: (after = 0) => readFeed(call, after),
    async snapshot(connection) {
      const snapshot: Snapshot = new Map()
      for (const entity of entities) {
        for (let cursor: string | null = ''; cursor !== null;) {
          const query = new URLSearchParams({ limit: '1000', ...(connection ? { connection } : {}), ...(cursor ? { cursor } : {}) })
          const page: { items: Array<Record<string, unknown>>; nextCursor: string | null } = await call('GET', `/api/records/${entity}?${query}`)
          for (const record of page.items) snapshot.set(`${entity}/${String(record.id)}`, record)
          cursor = page.nextCursor
        }
      }
      return snapshot
    },
    connection: (id) => call('GET', `/api/connections/${id}`),
  }
}

/** Keys whose records differ between two snapshots (missing on either side included), sorted. */
export function snapshotDifferences(actual: Snapshot, expected: Snapshot): string[] {
  const keys = new Set([...actual.keys(), ...expected.keys()])
  return [...keys].filter((key) => JSON.stringify(actual.get(key) ?? null) !== JSON.stringify(expected.get(key) ?? null)).sort()
}

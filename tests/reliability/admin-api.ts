import { entities, type MutationData } from '../../core/model/index.js'

export const entityNames = entities

export interface RunView {
  id: string
  status: string
  error: { code: string; message: string } | null
  counts: Record<string, Record<string, number>>
}

export interface WebhookView {
  id: string
  counts: Record<'pending' | 'delivering' | 'delivered' | 'failed' | 'refused', number>
}

/** The admin API as an operator's script drives it; every wait is bounded. */
export function adminApi(baseUrl: string, adminToken: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, json: (text ? JSON.parse(text) : undefined) as T }
  }
  const get = async <T>(path: string): Promise<T> => {
    const { status, json } = await call<T>('GET', path)
    if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${JSON.stringify(json)}`)
    return json
  }
  const api = {
    call,
    get,
    async startSync(connection: string, body: { force?: boolean; mode?: 'full' | 'incremental' } = {}): Promise<string> {
      const { status, json } = await call<{ runId: string }>('POST', `/api/connections/${connection}/sync`, body)
      if (status !== 202) throw new Error(`sync of ${connection} answered ${status}: ${JSON.stringify(json)}`)
      return json.runId
    },
    async waitForRun(runId: string, timeoutMs = 60_000): Promise<RunView> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const run = await get<RunView>(`/api/runs/${runId}`)
        if (run.status !== 'running') return run
        if (Date.now() > deadline) throw new Error(`run ${runId} still running after ${timeoutMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    async sync(connection: string, body: { force?: boolean; mode?: 'full' | 'incremental' } = {}): Promise<RunView> {
      return api.waitForRun(await api.startSync(connection, body))
    },
    async runs(): Promise<RunView[]> {
      return (await get<{ items: RunView[] }>('/api/runs?limit=200')).items
    },
    async feed(): Promise<MutationData[]> {
      const items: MutationData[] = []
      for (let after = 0; ;) {
        const page = await get<{ items: MutationData[]; nextAfter: number }>(`/api/mutations?after=${after}&limit=1000`)
        if (page.items.length === 0) return items
        items.push(...page.items)
        after = page.nextAfter
      }
    },
    async records(entity: string): Promise<unknown[]> {
      const items: unknown[] = []
      for (let cursor: string | null = ''; cursor !== null; ) {
        const page: { items: unknown[]; nextCursor: string | null } = await get(`/api/records/${entity}?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)
        items.push(...page.items)
        cursor = page.nextCursor
      }
      return items
    },
    async webhook(id: string): Promise<WebhookView> {
      const found = (await get<{ items: WebhookView[] }>('/api/webhooks')).items.find((w) => w.id === id)
      if (!found) throw new Error(`no webhook ${id}`)
      return found
    },
    /** Waits until the webhook has nothing pending or delivering. */
    async drained(id: string, timeoutMs = 30_000): Promise<WebhookView> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const view = await api.webhook(id)
        if (view.counts.pending === 0 && view.counts.delivering === 0) return view
        if (Date.now() > deadline) throw new Error(`webhook ${id} not drained after ${timeoutMs} ms: ${JSON.stringify(view.counts)}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
  }
  return api
}

export type AdminApi = ReturnType<typeof adminApi>

import type { MutationData } from '../../core/model/index.js'

/** Small HTTP helpers the demo uses to drive Koppel through its public API, as an operator would. */
export function adminClient(baseUrl: string, adminToken: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
  return {
    call,
    /** "Ophalen gegevens": start a sync and wait for its end. */
    async sync(connection: string): Promise<{ id: string; status: string; counts: Record<string, Record<string, number>>; error: unknown }> {
      const { runId } = await call<{ runId: string }>('POST', `/api/connections/${connection}/sync`, {})
      for (;;) {
        const run = await call<{ id: string; status: string; counts: Record<string, Record<string, number>>; error: unknown }>('GET', `/api/runs/${runId}`)
        if (run.status !== 'running') return run
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
    feed: (after: number) => readFeed(call, after),
  }
}

type ApiCall = <T>(method: string, path: string) => Promise<T>

/** Every mutation of the catch-up feed after `after`, following `nextAfter` page by page. */
export async function readFeed(call: ApiCall, after: number): Promise<MutationData[]> {
  const items: MutationData[] = []
  for (let cursor = after; ;) {
    const page = await call<{ items: MutationData[]; nextAfter: number }>('GET', `/api/mutations?after=${cursor}&limit=1000`)
    items.push(...page.items)
    if (page.items.length === 0) return items
    cursor = page.nextAfter
  }
}

/** Walks the simulated consent screen like a person: open the link, press "Toestaan", follow the redirect back. */
export async function approveConsent(authorizeUrl: string): Promise<string> {
  const consent = await fetch(authorizeUrl)
  const html = await consent.text()
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1]
  if (!consent.ok || !requestId) throw new Error(`the consent screen did not load (${consent.status})`)
  const decision = await fetch(new URL('/authorize/decision', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, decision: 'allow' }),
    redirect: 'manual',
  })
  const callback = decision.headers.get('location')
  if (!callback) throw new Error(`the consent screen did not redirect (${decision.status})`)
  const page = await fetch(callback)
  return page.text()
}

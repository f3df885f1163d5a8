import type { FetchContext, HttpClient, Logger, SyncMode } from '../../../core/connector.js'
import loket from '../../../connectors/loket/index.js'
import type { LoketPage } from '../../../connectors/loket/raw-items.js'
import type { LoketSettings } from '../../../connectors/loket/settings.js'
import type { StartedLoketSandbox } from '../../../connectors/loket/sandbox/index.js'
import { createSimpleHttpClient } from '../../helpers/simple-http-client.js'

export const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog }

/** Parsed connector settings pointing at the sandbox. */
export function sandboxSettings(sandbox: StartedLoketSandbox, extra: Record<string, unknown> = {}): LoketSettings {
  return loket.settings.parse({
    client_id: sandbox.oauth.clientId, api_base_url: sandbox.apiBaseUrl, oauth_base_url: sandbox.oauthBaseUrl, ...extra,
  })
}

export function sandboxHttp(sandbox: StartedLoketSandbox): HttpClient {
  return createSimpleHttpClient({ token: sandbox.oauth.issueTokens().accessToken })
}

export interface FetchOptions {
  settings?: Record<string, unknown>
  mode?: SyncMode
  cursor?: string | null
  signal?: AbortSignal
  http?: HttpClient
}

export function fetchContext(sandbox: StartedLoketSandbox, employerId: string, options: FetchOptions = {}): FetchContext<LoketSettings> {
  return {
    connectionId: 'test-loket',
    settings: sandboxSettings(sandbox, options.settings),
    http: options.http ?? sandboxHttp(sandbox),
    log: silentLog,
    signal: options.signal ?? new AbortController().signal,
    employer: { ref: employerId, id: employerId },
    mode: options.mode ?? 'full',
    cursor: options.cursor ?? null,
  }
}

export async function collectPages(pages: AsyncIterable<LoketPage>): Promise<LoketPage[]> {
  const all: LoketPage[] = []
  for await (const page of pages) all.push(page)
  return all
}

/** Every canonical record of the pages, by entity, as normalize makes them. */
export function normalizeAll(pages: LoketPage[], ctx: FetchContext<LoketSettings>) {
  const records = pages.flatMap((page) => loket.normalize(page, { settings: ctx.settings, employer: ctx.employer }))
  const of = (entity: string) => records.filter((entry) => entry.entity === entity).map((entry) => entry.record)
  return { records, of }
}

export function firstEmployerId(sandbox: StartedLoketSandbox, index = 0): string {
  const entry = [...sandbox.data.employers.values()][index]
  if (!entry) throw new Error(`sandbox has no employer ${index}`)
  return entry.employer.id
}

import type { HttpClient, HttpRequestOptions, HttpResponse, Logger } from '../connector.js'
import { KoppelError } from '../errors.js'
import { createConcurrencyLimit } from './concurrency-limit.js'
import { defaultRetryPolicy, isRetryableStatus, retryDelayMs, sleep, type RetryPolicy } from './retry-policy.js'
import { nodeTransport, type Transport } from './node-transport.js'
import { networkErrorLabel, upstreamStatusError, urlPath } from './upstream-error.js'

/** Where the client gets its bearer token (a token provider fits). */
export interface TokenSource {
  getAccessToken(): Promise<string>
  /** Called after a 401 with the token that was refused; resolves with a fresh one. */
  refresh(staleToken?: string): Promise<string>
}

export interface HttpClientOptions extends Partial<RetryPolicy> {
  /**
   * Requests in flight at once; a request waiting for its retry delay holds no slot. Omitted:
   * no limit here, because the connector bounds its own requests (one limit per connection).
   */
  concurrency?: number
  /** Per-attempt timeout, body included. */
  timeoutMs: number
  /** OAuth2 connections: adds `Authorization: Bearer`, refreshes once on 401. */
  tokens?: TokenSource
  /** The run's signal: aborts waiting, in-flight requests and retry delays. */
  signal?: AbortSignal
  log: Logger
  userAgent: string
  /** How requests go out; default node:http(s) with keep-alive. */
  transport?: Transport
}

type Attempt = { kind: 'response'; response: HttpResponse } | { kind: 'network'; label: string } | { kind: 'timeout' }

/**
 * The `ctx.http` a connector receives (contract in core/connector.ts). Retries 5xx, 429 and
 * network failures (a reset while reading the body included) with backoff and full jitter.
 * Nothing of a request or response body is ever logged or put into an error.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy: RetryPolicy = {
    retries: options.retries ?? defaultRetryPolicy.retries,
    baseDelayMs: options.baseDelayMs ?? defaultRetryPolicy.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaultRetryPolicy.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? defaultRetryPolicy.maxRetryAfterMs,
  }
  const limit = options.concurrency === undefined ? null : createConcurrencyLimit(options.concurrency)
  const transport = options.transport ?? nodeTransport
  const runSignal = options.signal

  const throwIfAborted = () => {
    if (runSignal?.aborted) throw new KoppelError('aborted', 'request aborted')
  }

  async function attemptOnce(url: string, request: HttpRequestOptions, token: string | undefined): Promise<Attempt> {
    const release = limit ? await limit.acquire(runSignal) : noRelease
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(), request.timeoutMs ?? options.timeoutMs)
    try {
      const headers: Record<string, string> = { accept: 'application/json', 'user-agent': options.userAgent }
      for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value
      if (token !== undefined) headers.authorization = `Bearer ${token}`
      // The transport reads the whole body: a connection reset halfway through is retried too.
      const response = await transport(url, {
        method: request.method ?? 'GET',
        headers,
        body: request.body,
        signal: runSignal ? AbortSignal.any([runSignal, timeout.signal]) : timeout.signal,
      })
      return { kind: 'response', response }
    } catch (error) {
      throwIfAborted()
      if (timeout.signal.aborted) return { kind: 'timeout' }
      return { kind: 'network', label: networkErrorLabel(error) }
    } finally {
      clearTimeout(timer)
      release()
    }
  }

  async function withRetries(url: string, request: HttpRequestOptions, token: string | undefined): Promise<HttpResponse> {
    const path = urlPath(url)
    for (let attempt = 1; ; attempt++) {
      throwIfAborted()
      const result = await attemptOnce(url, request, token)
      const status = result.kind === 'response' ? result.response.status : undefined
      if (result.kind === 'response' && !isRetryableStatus(result.response.status)) return result.response
      if (attempt > policy.retries) {
        if (result.kind === 'response') return result.response
        if (result.kind === 'timeout') {
          throw new KoppelError('upstream_timeout', `upstream did not answer in time for ${path}`, { details: { path } })
        }
        throw new KoppelError('upstream_unavailable', `upstream unreachable for ${path} (${result.label})`, { details: { path } })
      }
      const retryAfter = result.kind === 'response' ? result.response.headers.get('retry-after') : null
      const retryInMs = retryDelayMs(policy, attempt, retryAfter)
      const reason = result.kind === 'network' ? result.label : result.kind
      options.log.warn({ status, reason, attempt, retryInMs, path }, 'upstream request retried')
      await sleep(retryInMs, runSignal).catch(() => throwIfAborted())
    }
  }

  async function send(url: string, request: HttpRequestOptions = {}): Promise<HttpResponse> {
    const target = withQuery(url, request.query)
    const token = options.tokens ? await options.tokens.getAccessToken() : undefined
    const response = await withRetries(target, request, token)
    if (response.status !== 401 || !options.tokens) return response
    // One refresh and one more try: a second 401 means the grant itself is no good.
    options.log.info({ path: urlPath(target) }, 'upstream refused token, refreshing')
    const fresh = await options.tokens.refresh(token)
    return withRetries(target, request, fresh)
  }

  return {
    request: send,
    async getJson(url, request) {
      const response = await send(url, request)
      const path = urlPath(url)
      if (response.status < 200 || response.status >= 300) throw upstreamStatusError(response.status, path)
      try {
        return JSON.parse(response.text) as unknown
      } catch {
        throw new KoppelError('upstream_bad_response', `upstream sent malformed JSON for ${path}`, { details: { status: response.status, path } })
      }
    },
  }
}

const noRelease = (): void => {}

function withQuery(url: string, query: HttpRequestOptions['query']): string {
  if (!query) return url
  const target = new URL(url)
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) target.searchParams.set(name, String(value))
  }
  return target.toString()
}

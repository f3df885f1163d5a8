import type { ResourceVersion } from './resource-versions.js'

/** An entry of an envelope's `messages` array. */
export interface LoketMessage {
  code: number
  id: string | null
  type: 'BrokenBusinessRule' | 'Warning' | 'Exception' | 'NotFound'
  description: string
  properties: string[]
}

export interface ListEnvelope<T> {
  _embedded: T[]
  currentPage: number
  pageSize: number
  totalPages: number
  totalSize: number
  version: ResourceVersion
  messages: LoketMessage[]
}

export interface PageRequest {
  pageNumber: number
  pageSize: number
}

/** Reads `pageNumber` (1-based, default 1) and `pageSize` (default 250, clamped to `maxPageSize`). */
export function readPageRequest(query: Record<string, string>, maxPageSize: number): PageRequest | { error: string } {
  const number = (name: string, fallback: number): number | undefined => {
    const key = Object.keys(query).find((candidate) => candidate.toLowerCase() === name.toLowerCase())
    const raw = key === undefined ? undefined : query[key]
    if (raw === undefined || raw === '') return fallback
    return /^\d+$/.test(raw) ? Number(raw) : undefined
  }
  const pageNumber = number('pageNumber', 1)
  const pageSize = number('pageSize', 250)
  if (pageNumber === undefined || pageNumber < 1) return { error: 'pageNumber must be a positive integer' }
  if (pageSize === undefined || pageSize < 1) return { error: 'pageSize must be a positive integer' }
  return { pageNumber, pageSize: Math.min(pageSize, maxPageSize) }
}

export function listEnvelope<S, T = S>(items: readonly S[], page: PageRequest, version: ResourceVersion, toItem?: (source: S) => T): ListEnvelope<T> {
  const start = (page.pageNumber - 1) * page.pageSize
  const embedded = items.slice(start, start + page.pageSize)
  return {
    _embedded: (toItem ? embedded.map(toItem) : embedded) as T[],
    currentPage: page.pageNumber,
    pageSize: page.pageSize,
    totalPages: Math.ceil(items.length / page.pageSize),
    totalSize: items.length,
    version,
    messages: [],
  }
}

export function detailEnvelope<T>(content: T, version: ResourceVersion): { content: T; version: ResourceVersion; messages: LoketMessage[] } {
  return { content, version, messages: [] }
}

/** Body of an error answered as an envelope (404 NotFound, 400 BrokenBusinessRule). */
export function messageEnvelope(
  type: LoketMessage['type'], code: number, description: string, version: ResourceVersion,
): { content: null; version: ResourceVersion; messages: LoketMessage[] } {
  return { content: null, version, messages: [{ code, id: null, type, description, properties: [] }] }
}

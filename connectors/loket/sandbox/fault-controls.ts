/** One injected failure; it applies to matching requests, `times` times (default: once). */
export type FaultSpec = FaultMatch & (
  | { kind: 'status'; status: number; retryAfter?: number }
  /** 200 with a truncated JSON body. */
  | { kind: 'malformed-json' }
  /** Headers and part of the body, then the socket is destroyed (needs a real listener). */
  | { kind: 'reset' }
  /** Waits `ms`, then answers normally. */
  | { kind: 'delay'; ms: number }
  /** Answers normally but claims one page (and pageSize items) fewer than there are. */
  | { kind: 'shrink-total-pages' }
  /** Answers normally but claims one page more than the page asked for (an endlessly growing list when standing). */
  | { kind: 'grow-total-pages' }
  /** Answers normally but says it is the page after the one asked for. */
  | { kind: 'wrong-current-page' }
)

export interface FaultMatch {
  /** A RegExp tested against the path, or a substring of it. Default: every request (OAuth too). */
  path?: RegExp | string
  /** Default: any method. */
  method?: string
  /** Default 1; `Infinity` for a standing fault. */
  times?: number
}

export interface FaultControls {
  add(fault: FaultSpec): void
  clear(): void
  /** Faults still armed. */
  readonly pending: readonly FaultSpec[]
}

export interface RequestLogEntry {
  method: string
  path: string
  query: Record<string, string>
  status: number
}

export interface FaultRegistry extends FaultControls {
  /** Takes the first armed fault matching the request, consuming one of its `times`. */
  take(method: string, path: string): FaultSpec | undefined
}

export function createFaultRegistry(): FaultRegistry {
  const armed: { fault: FaultSpec; remaining: number }[] = []
  const matches = (fault: FaultSpec, method: string, path: string): boolean => {
    if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) return false
    if (fault.path === undefined) return true
    return typeof fault.path === 'string' ? path.includes(fault.path) : fault.path.test(path)
  }
  return {
    add: (fault) => { armed.push({ fault, remaining: fault.times ?? 1 }) },
    clear: () => { armed.length = 0 },
    get pending() { return armed.map((entry) => entry.fault) },
    take(method, path) {
      const index = armed.findIndex((entry) => matches(entry.fault, method, path))
      const entry = armed[index]
      if (!entry) return undefined
      entry.remaining--
      if (entry.remaining <= 0) armed.splice(index, 1)
      return entry.fault
    },
  }
}

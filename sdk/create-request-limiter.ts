/** Runs a task inside one of the pool's slots. */
export type RequestLimiter = <T>(task: () => Promise<T>) => Promise<T>

/**
 * A FIFO pool of `max` slots: at most `max` tasks run at once; the rest wait in order. A
 * finishing task hands its slot straight to the next waiter. When `stopReason()` returns an
 * error (abort, a failed sibling), queued tasks reject with it instead of starting.
 * A task must not call the limiter itself (a slot waiting on a slot can deadlock).
 */
export function createRequestLimiter(max: number, stopReason: () => Error | null): RequestLimiter {
  let active = 0
  const waiting: Array<() => void> = []
  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (active < max) active++
    else await new Promise<void>((resolve) => waiting.push(resolve))
    try {
      const stop = stopReason()
      if (stop) throw stop
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}

import { KoppelError } from '../errors.js'

/** A counting semaphore: at most `limit` holders at once, waiters served first come first served. */
export interface ConcurrencyLimit {
  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void>
  readonly active: number
  readonly waiting: number
}

export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`)
  let active = 0
  const queue: Array<() => void> = []

  const releaser = () => {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = queue.shift()
      // Hand the slot straight to the next waiter so a newcomer cannot overtake it.
      if (next) next()
      else active--
    }
  }

  return {
    get active() {
      return active
    },
    get waiting() {
      return queue.length
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(abortError())
      if (active < limit) {
        active++
        return Promise.resolve(releaser())
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort)
          resolve(releaser())
        }
        const onAbort = () => {
          const index = queue.indexOf(grant)
          if (index >= 0) queue.splice(index, 1)
          reject(abortError())
        }
        queue.push(grant)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
  }
}

function abortError(): KoppelError {
  return new KoppelError('aborted', 'request aborted')
}

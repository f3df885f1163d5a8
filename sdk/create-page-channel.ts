/**
 * A bounded queue between producers (running in the background) and one async-iterating
 * consumer. `push` resolves once the queue is below `highWaterMark`, so producers slow down
 * to the consumer's pace and memory stays bounded by a few pages.
 */
export interface PageChannel<T> extends AsyncIterable<T> {
  push(item: T): Promise<void>
  /** No more items: the consumer ends after draining. */
  close(): void
  /** The consumer throws `error` at its next read; pending and later pushes reject. */
  fail(error: unknown): void
}

export function createPageChannel<T>(highWaterMark: number): PageChannel<T> {
  const buffer: T[] = []
  let closed = false
  let failure: { error: unknown } | null = null
  let wakeConsumer: (() => void) | null = null
  const blockedProducers: Array<{ resolve: () => void; reject: (error: unknown) => void }> = []

  const wake = (): void => {
    wakeConsumer?.()
    wakeConsumer = null
  }
  const releaseProducers = (): void => {
    while (blockedProducers.length > 0 && buffer.length < highWaterMark) blockedProducers.shift()!.resolve()
  }

  return {
    async push(item) {
      if (failure) throw failure.error
      if (closed) throw new Error('page channel is closed')
      buffer.push(item)
      wake()
      if (buffer.length >= highWaterMark) {
        await new Promise<void>((resolve, reject) => blockedProducers.push({ resolve, reject }))
      }
    },
    close() {
      closed = true
      wake()
    },
    fail(error) {
      if (failure) return
      failure = { error }
      for (const producer of blockedProducers.splice(0)) producer.reject(error)
      wake()
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (failure) throw failure.error
        if (buffer.length > 0) {
          const item = buffer.shift()!
          releaseProducers()
          yield item
          continue
        }
        if (closed) return
        await new Promise<void>((resolve) => (wakeConsumer = resolve))
      }
    },
  }
}

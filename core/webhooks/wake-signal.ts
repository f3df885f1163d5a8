export interface WakeSignal {
  /** Ends the current pause at once; with none running, the next pause returns at once. */
  notify(): void
  /** Waits for notify() or `ms`, whichever comes first. */
  pause(ms: number): Promise<void>
}

/** How the dispatcher's loop sleeps: until an attempt finishes, wake() or stop() notifies, or a timer. */
export function createWakeSignal(): WakeSignal {
  let signal: (() => void) | undefined
  /** A notify() that came while nobody paused: the next pause returns at once. */
  let woken = false
  const notify = () => {
    const resolve = signal
    signal = undefined
    if (resolve) resolve()
    else woken = true
  }
  return {
    notify,
    pause: (ms) =>
      new Promise<void>((resolve) => {
        if (woken) {
          woken = false
          return resolve()
        }
        const timer = setTimeout(notify, ms)
        signal = () => {
          clearTimeout(timer)
          resolve()
        }
      }),
  }
}

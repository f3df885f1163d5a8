import type { Flash, ConsoleSession } from './session-store.js'

/** The message a POST left for the page it redirected to; shown once. */
export function takeFlash(session: ConsoleSession): Flash | undefined {
  const flash = session.flash
  delete session.flash
  return flash
}

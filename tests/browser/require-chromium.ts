import { chromiumFound, chromiumPath } from './chromium-path.js'

/** vitest globalSetup: no Chromium, no browser tests, and a plain reason instead of a launch stack trace. */
export default function requireChromium(): void {
  if (!chromiumFound()) {
    throw new Error(`No Chromium found at ${chromiumPath}. Install it (Debian: apt-get install -y chromium) or set KOPPEL_CHROMIUM to its path.`)
  }
}

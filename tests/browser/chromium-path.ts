import { existsSync } from 'node:fs'

/** Debian's Chromium (`apt-get install chromium`), or the one `KOPPEL_CHROMIUM` names. */
export const chromiumPath = process.env.KOPPEL_CHROMIUM ?? '/usr/bin/chromium'

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

export const chromiumFound = () => existsSync(chromiumPath)

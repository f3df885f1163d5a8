import { pino } from 'pino'
import type { GatewayConfig } from '../config/schema.js'
import { createAuthorization } from '../core/auth/oauth-states.js'
import { resolveOAuthConnection } from '../core/auth/resolve-oauth-connection.js'
import { createGateway } from '../core/create-gateway.js'
import { createLogger } from '../core/logger.js'
import type { Registry } from '../core/registry.js'
import type { CheckFinding, SyncMode } from '../core/connector.js'

type Loaded = { config: GatewayConfig; registry: Registry }

/** CLI commands log to stderr so that stdout carries only their result. */
export const cliLogger = (config: GatewayConfig) => createLogger({ level: config.log.level, destination: pino.destination(2) })

/** `sync <connection>`: one run in the foreground; exit 0 succeeded, 1 failed, 3 held. */
export async function syncCommand(loaded: Loaded, connectionId: string, options: { force: boolean; mode?: SyncMode }): Promise<number> {
  const gateway = await createGateway(loaded.config, loaded.registry, cliLogger(loaded.config))
  try {
    const started = Date.now()
    const { runId, done } = await gateway.runner.trigger(connectionId, {
      trigger: 'cli', force: options.force, mode: options.mode,
      onEmployer: (e) => process.stdout.write(`  employer ${e.employer}: ${e.status}${e.error ? ` (${e.error.code}: ${e.error.message})` : ''}, ${e.mutations} mutation(s), ${e.durationMs} ms\n`),
    })
    process.stdout.write(`run ${runId} of ${connectionId} started\n`)
    const result = await done
    const totals = Object.entries(result.counts)
      .map(([entity, c]) => `${entity}: ${c.fetched} fetched, ${c.created} created, ${c.updated} updated, ${c.deleted} deleted, ${c.unchanged} unchanged, ${c.invalid} invalid${c.vanished ? `, ${c.vanished} vanished` : ''}`)
    process.stdout.write(`run ${runId} ${result.status} in ${Date.now() - started} ms, ${result.mutations} mutation(s)\n  ${totals.join('\n  ')}\n`)
    if (result.error) process.stdout.write(`  error: ${result.error.code}: ${result.error.message}\n`)
    await gateway.dispatcher.drain({ timeoutMs: 10_000 }).catch(() => {})
    return result.status === 'succeeded' ? 0 : result.status === 'held' ? 3 : 1
  } finally {
    await gateway.close()
  }
}

/** `authorize <connection>`: prints the consent URL (single use, valid 10 minutes). */
export async function authorizeCommand(loaded: Loaded, connectionId: string): Promise<number> {
  // A connection without the consent flow is a usage error: say so before the database is opened.
  const target = resolveOAuthConnection(loaded, connectionId)
  const gateway = await createGateway(loaded.config, loaded.registry, cliLogger(loaded.config))
  try {
    const { authorizeUrl, expiresAt } = await createAuthorization({ db: gateway.db, connectionId, endpoints: target.endpoints, redirectUri: target.redirectUri })
    process.stdout.write(`${authorizeUrl}\n`)
    process.stderr.write(`open this URL, log in and press "Toestaan"; it expires at ${expiresAt}\n`)
    return 0
  } finally {
    await gateway.close()
  }
}

/** `check <connection>`: credentials and rights per employer; exit 0 when nothing is missing. */
export async function checkCommand(loaded: Loaded, connectionId: string): Promise<number> {
  const gateway = await createGateway(loaded.config, loaded.registry, cliLogger(loaded.config))
  try {
    const report = await gateway.check(connectionId)
    const credentials = report.credentials
    process.stdout.write(`credentials: ${credentials.ok ? 'ok' : `failed (${credentials.error?.code}: ${credentials.error?.message})`}\n`)
    for (const finding of report.employers) process.stdout.write(`${checkLine(finding)}\n`)
    const problems = report.employers.filter((finding) => !finding.ok).length
    process.stdout.write(report.ok ? `check: ok\n` : `check: problems found (${credentials.ok ? '' : 'credentials, '}${problems} of ${report.employers.length} employer(s))\n`)
    return report.ok ? 0 : 1
  } finally {
    await gateway.close()
  }
}

/**
 * One employer's finding as a line that never contradicts itself: an employer that could not
 * be checked says why and that its rights are unknown, instead of "all rights present".
 */
export function checkLine(finding: CheckFinding): string {
  const rights = finding.missing.map((m) => `"${m}"`).join(', ')
  const head = `employer ${finding.employer}:`
  if (finding.error) return `${head} error ${finding.error.code}: ${finding.error.message}; ${rights ? `missing rights: ${rights}, others not checked` : 'rights not checked'}`
  if (!finding.ok) return `${head} missing rights: ${rights || '(none named)'}`
  return rights ? `${head} ok; optional rights not granted: ${rights}` : `${head} ok, all rights present`
}

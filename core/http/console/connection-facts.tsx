import type { ApiConnection } from './api-shapes.js'
import { consolePaths } from './console-paths.js'
import { formatTime } from './format-time.js'
import { StatusBadge } from './status-badge.js'
import type { Language, Texts } from './texts.js'

/** What the guide shows for a koppeling: its package, "Gebruik koppeling", the "Werkgever ID"s, status, last and next run. */
export function ConnectionFacts(props: { t: Texts; language: Language; connection: ApiConnection; connectorName: string }) {
  const { t, connection } = props
  const run = connection.lastRun
  return (
    <dl class="facts">
      <dt>{t.connector}</dt><dd>{props.connectorName}</dd>
      <dt>{t.enabled}</dt><dd>{connection.enabled ? t.yes : t.no}</dd>
      <dt>{t.employerIds}</dt><dd>{connection.employers.join(', ') || t.none}</dd>
      <dt>{t.status}</dt><dd><StatusBadge t={t} status={connection.status} kind="connection" /></dd>
      <dt>{t.lastRun}</dt>
      <dd>{run ? <><a href={consolePaths.run(run.id)}>{formatTime(props.language, run.startedAt)}</a> <StatusBadge t={t} status={run.status} kind="run" /></> : t.none}</dd>
      <dt>{t.nextRun}</dt><dd>{connection.nextRunAt ? formatTime(props.language, connection.nextRunAt) : t.notScheduled}</dd>
    </dl>
  )
}

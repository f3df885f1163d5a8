import type { Texts } from './texts.js'

/** A connection's status ("Autorisatie nodig", "Gereed", "Bezig", "Fout") or a run's, as a labelled badge. */
export function StatusBadge(props: { t: Texts; status: string; kind: 'connection' | 'run' }) {
  const words = props.kind === 'connection' ? props.t.statuses : props.t.runStatuses
  return <span class={`status status-${props.status}`}>{words[props.status] ?? props.status}</span>
}

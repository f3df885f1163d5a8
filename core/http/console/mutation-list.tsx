import type { ApiMutation } from './api-shapes.js'
import { maskValue } from './mask-value.js'
import type { Texts } from './texts.js'

const shownChanges = 12

/** Mutations with their changed fields, one block each (readable at 360 px); personal values masked (mask-value.ts). */
export function MutationList(props: { t: Texts; mutations: ApiMutation[]; empty: string }) {
  const { t } = props
  if (props.mutations.length === 0) return <p>{props.empty}</p>
  return (
    <>
      <p class="help">{t.masked}</p>
      <ul class="items">
        {props.mutations.map((mutation) => (
          <li>
            <strong>{t.entities[mutation.entity] ?? mutation.entity}</strong> · {t.operations[mutation.operation] ?? mutation.operation}
            <div class="meta">#{mutation.sequence} · <code>{mutation.recordId}</code></div>
            {mutation.changes.length > 0 ? (
              <ul class="plain">
                {mutation.changes.slice(0, shownChanges).map((change) => (
                  <li><code>{change.path}</code>: {maskValue(change.path, change.before)} → {maskValue(change.path, change.after)}</li>
                ))}
                {mutation.changes.length > shownChanges ? <li>… +{mutation.changes.length - shownChanges}</li> : null}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  )
}

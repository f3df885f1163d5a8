import type { Texts } from './texts.js'

const columns = ['fetched', 'created', 'updated', 'deleted', 'unchanged', 'invalid'] as const

/**
 * A run's counts per entity, as a table of the entities it touched. Columns that are zero
 * everywhere are left out ("Opgehaald" stays), so the table fits a phone's width.
 */
export function RunCounts(props: { t: Texts; counts: Record<string, Record<string, number>>; caption: string }) {
  const { t } = props
  const rows = Object.entries(props.counts).filter(([, counts]) => columns.some((column) => (counts[column] ?? 0) > 0))
  if (rows.length === 0) return <p>{t.noCounts}</p>
  const shown = columns.filter((column) => column === 'fetched' || rows.some(([, counts]) => (counts[column] ?? 0) > 0))
  return (
    <div class="scroll">
      <table>
        <caption class="skip">{props.caption}</caption>
        <thead>
          <tr><th scope="col">{t.entity}</th>{shown.map((column) => <th scope="col">{t.counts[column]}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map(([entity, counts]) => (
            <tr><th scope="row">{t.entities[entity] ?? entity}</th>{shown.map((column) => <td>{counts[column] ?? 0}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

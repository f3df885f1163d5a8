import type { ApiConnection } from './api-shapes.js'
import { ConnectionFacts } from './connection-facts.js'
import { consolePaths } from './console-paths.js'
import { Layout } from './layout.js'
import type { Flash } from './session-store.js'
import type { Language, Texts } from './texts.js'

/** The configured koppelingen, one card each (the YAML defines them; here they are shown). */
export function OverviewPage(props: { t: Texts; language: Language; here: string; csrf: string; flash?: Flash; connections: ApiConnection[]; connectorNames: Map<string, string> }) {
  const { t } = props
  return (
    <Layout t={t} title={t.connections} here={props.here} csrf={props.csrf} flash={props.flash}>
      {props.connections.length === 0 ? <p>{t.noConnections}</p> : null}
      {props.connections.map((connection) => (
        <section class="card" aria-labelledby={`c-${connection.id}`}>
          <h2 id={`c-${connection.id}`}><a href={consolePaths.connection(connection.id)}>{connection.id}</a></h2>
          <ConnectionFacts t={t} language={props.language} connection={connection} connectorName={props.connectorNames.get(connection.connector) ?? connection.connector} />
        </section>
      ))}
    </Layout>
  )
}

import { createQueryId, type Compilable, type QueryResult } from 'kysely'
import type { Executor } from './database.js'
import { storageDialect, type StorageDialect } from './dialect.js'


/** Stands in for a named value while the query is compiled; never reaches the database. */
const marker = (name: string) => `\u0000koppel-value:${name}\u0000`

/**
 * A query built and compiled once, then run with new values. Kysely builds, validates and
 * compiles a query on every call; on the outbox's hot statements (a claim and a result per
 * few deliveries) that costs more than SQLite's own execution. `build` gets placeholders
 * for the named values and may use them wherever a value goes (`where`, `set`, `limit`);
 * every other value is kept as compiled. Compiled by the executor's dialect, so the query
 * stays as portable as the builder that wrote it (one template per dialect: a process may hold
 * a SQLite and a PostgreSQL database at once).
 *
 * @example
 * const byStatus = preparedQuery((db, v: { status: string }) => db.selectFrom('deliveries').select('id').where('status', '=', v.status))
 * const rows = (await byStatus(trx, { status: 'pending' })).rows
 */
export function preparedQuery<V extends Record<string, unknown>, R>(build: (db: Executor, values: V) => Compilable<R>) {
  type Template = { sql: string; query: ReturnType<Compilable<R>['compile']>['query']; slots: { name?: keyof V; value?: unknown }[] }
  const templates = new Map<StorageDialect, Template>()
  return async (db: Executor, values: V): Promise<QueryResult<R>> => {
    const dialect = storageDialect(db)
    let template = templates.get(dialect)
    if (!template) {
      const names = new Map<string, keyof V>()
      const placeholders = new Proxy({} as V, {
        get: (_, name) => {
          const text = marker(String(name))
          names.set(text, String(name) as keyof V)
          return text
        },
      })
      const compiled = build(db, placeholders).compile()
      const slots = compiled.parameters.map((value) => (typeof value === 'string' && names.has(value) ? { name: names.get(value)! } : { value }))
      const missing = [...names.values()].filter((name) => !slots.some((slot) => slot.name === name))
      if (missing.length > 0) throw new Error(`preparedQuery: ${missing.join(', ')} did not become a parameter`)
      template = { sql: compiled.sql, query: compiled.query, slots }
      templates.set(dialect, template)
    }
    const parameters = template.slots.map((slot) => (slot.name === undefined ? slot.value : values[slot.name]))
    return db.executeQuery<R>({ sql: template.sql, query: template.query, queryId: createQueryId(), parameters })
  }
}

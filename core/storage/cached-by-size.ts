/**
 * Multi-row statements by row count: compiled once per size, as results and claims come in
 * similar batches. `make` builds the statement for `rows` rows.
 */
export function cachedBySize<Q>(make: (rows: number) => Q): (rows: number) => Q {
  const cache = new Map<number, Q>()
  return (rows) => {
    let query = cache.get(rows)
    if (!query) cache.set(rows, (query = make(rows)))
    return query
  }
}

/** SQLite allows 32766 bound variables per statement; 500 rows × 10 columns stays far below. */
export const rowsPerStatement = 500

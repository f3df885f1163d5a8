import { z } from 'zod'
import type { Db } from './open-database.js'

/** Runs looked at for a ref's resolution: the mapping of a configured ref rarely changes. */
const recentRuns = 20

const employerResults = z.array(z.looseObject({ employer: z.string(), employerId: z.string().nullable() }))
const employerRecord = z.looseObject({ id: z.string(), number: z.string().nullable().optional() })

/** Whether the database knows a connection: configured ones get a row at start, removed ones keep theirs. */
export async function connectionRowExists(db: Db, connectionId: string): Promise<boolean> {
  const row = await db.selectFrom('connections').select('id').where('id', '=', connectionId).executeTakeFirst()
  return row !== undefined
}

/** Every connection id with a state row. */
export async function listConnectionIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('connections').select('id').orderBy('id').execute()).map((row) => row.id)
}

/**
 * The source's employer id that `employer` stands for in one connection, or null: `employer`
 * itself when records are stored under it (a source id), else what the most recent run
 * resolved that `employers:` entry to (an employer number as written in the YAML), else the
 * stored employer record whose `number` it is.
 */
export async function findEmployerId(db: Db, connectionId: string, employer: string): Promise<string | null> {
  const stored = await db.selectFrom('records').select('employer_id')
    .where('connection_id', '=', connectionId).where('employer_id', '=', employer).limit(1).executeTakeFirst()
  if (stored) return employer

  const runs = await db.selectFrom('runs').select('employers')
    .where('connection_id', '=', connectionId).orderBy('started_at', 'desc').limit(recentRuns).execute()
  for (const run of runs) {
    const results = employerResults.safeParse(safeJson(run.employers))
    const match = results.success ? results.data.find((result) => result.employer === employer && result.employerId !== null) : undefined
    if (match?.employerId) return match.employerId
  }

  const employers = await db.selectFrom('records').select('data')
    .where('connection_id', '=', connectionId).where('entity', '=', 'employer').execute()
  for (const row of employers) {
    const record = employerRecord.safeParse(safeJson(row.data))
    if (record.success && record.data.number === employer) return record.data.id
  }
  return null
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

import type { ConnectorContext, EmployerResolution, HttpClient } from 'koppel/sdk'
import { z } from 'zod'
import { fetchAllPages } from './client.js'
import { resolveLoketUrls, type LoketSettings } from './settings.js'

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const employerNumberPattern = /^\d{1,9}$/
const employerSchema = z.looseObject({ id: z.string(), employerNumber: z.union([z.number(), z.string()]).nullish() })

/**
 * Maps configured employer references to Loket GUIDs. A GUID is taken as is, in lower case
 * (`check` verifies access). A number (the "Werkgever ID" Loket users see) is looked up with
 * `GET /providers/employers?filter=employerNumber eq N`; because filtering on that field is
 * not documented, a miss falls back to one scan of all the user's employers (shared by all
 * refs) before the number is reported as `employer_not_found`.
 */
export async function resolveLoketEmployers(ctx: ConnectorContext<LoketSettings>, refs: readonly string[]): Promise<EmployerResolution[]> {
  const url = `${resolveLoketUrls(ctx.settings).api}/providers/employers`
  let scanned: Promise<Map<string, string>> | null = null
  const scan = (): Promise<Map<string, string>> => (scanned ??= employerNumbers(ctx.http, url, ctx.settings.page_size, undefined))
  const results: EmployerResolution[] = []
  for (const ref of refs) {
    const trimmed = ref.trim()
    if (guidPattern.test(trimmed)) {
      // Loket writes its GUIDs in lower case: one employer must have one employerId (and one URL) however the YAML spells it.
      results.push({ ref, ok: true, id: trimmed.toLowerCase() })
      continue
    }
    if (!employerNumberPattern.test(trimmed)) {
      results.push(notFound(ref, `"${ref}" is neither a Loket employer number nor an employer GUID`))
      continue
    }
    const number = String(Number(trimmed))
    const id = (await employerNumbers(ctx.http, url, ctx.settings.page_size, `employerNumber eq ${number}`)).get(number)
      ?? (await scan()).get(number)
    results.push(id === undefined
      ? notFound(ref, `Loket employer number ${number} not found (or not accessible to the authorizing user)`)
      : { ref, ok: true, id })
  }
  return results
}

/** employerNumber → id over every page of the (optionally filtered) employer list. */
async function employerNumbers(http: HttpClient, url: string, pageSize: number, filter: string | undefined): Promise<Map<string, string>> {
  const numbers = new Map<string, string>()
  for await (const items of fetchAllPages(http, url, { resource: 'employers', pageSize, query: { filter } })) {
    for (const item of items) {
      const employer = employerSchema.safeParse(item)
      if (employer.success && employer.data.employerNumber !== null && employer.data.employerNumber !== undefined) {
        numbers.set(String(Number(employer.data.employerNumber)), employer.data.id)
      }
    }
  }
  return numbers
}

function notFound(ref: string, message: string): EmployerResolution {
  return { ref, ok: false, error: { code: 'employer_not_found', message } }
}

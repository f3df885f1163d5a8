import { Cron } from 'croner'

/** croner's nicknames (its NICKNAME_MAP). `@reboot` is not among them: croner refuses it. */
export const cronNicknames = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'] as const

interface CronField {
  name: string
  min: number
  max: number
  /** Three-letter names (JAN, SUN) and the number each stands for. */
  names?: readonly string[]
  /** Index of names[0]: JAN is 1, SUN is 0. */
  namesFrom?: number
}

const fields: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], namesFrom: 0 },
]
const dayOfMonth = 2
const dayOfWeek = 4

const fieldList = 'minute hour day-of-month month day-of-week'

/**
 * Why `pattern` is not an acceptable schedule, or undefined when it is. Accepted: a standard
 * 5-field pattern (`30 2 * * *`) or one of croner's nicknames (`@daily`). A 6- or 7-field
 * pattern is refused: croner reads its first field as seconds, so the 6 fields meant as
 * "every 4 hours" run every 4 minutes. The message names the field at fault and why
 * (`hour 25 is out of range 0-23`); croner still parses the pattern as the final check, so
 * nothing passes here that the scheduler would then refuse.
 */
export function cronPatternProblem(pattern: string): string | undefined {
  const text = pattern.trim()
  if (text.startsWith('@')) {
    if ((cronNicknames as readonly string[]).includes(text.toLowerCase())) return croneProblem(pattern)
    return `invalid cron expression "${pattern}": unknown nickname (use ${cronNicknames.join(', ')} or 5 fields: ${fieldList})`
  }
  const parts = text === '' ? [] : text.split(/\s+/)
  if (parts.length === 6 || parts.length === 7) {
    return `invalid cron expression "${pattern}": ${parts.length}-field patterns are not accepted, since their first field is seconds and the schedule would run 60 times as often; use 5 fields (${fieldList})`
  }
  if (parts.length !== 5) return `invalid cron expression "${pattern}": needs 5 fields (${fieldList}) or a nickname such as @daily, found ${parts.length}`
  for (const [index, part] of parts.entries()) {
    const problem = fieldProblem(part, index)
    if (problem !== undefined) return problem
  }
  return croneProblem(pattern)
}

function croneProblem(pattern: string): string | undefined {
  try {
    new Cron(pattern, { paused: true, mode: '5-part' }).stop()
    return undefined
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '')
    return `invalid cron expression "${pattern}": ${reason}`
  }
}

function fieldProblem(part: string, index: number): string | undefined {
  const field = fields[index]!
  // croner reads `?` as `*`; `+` before the day of week asks for day-of-month AND day-of-week.
  let text = part.replace(/\?/g, '*')
  if (index === dayOfWeek && text.startsWith('+')) text = text.slice(1)
  if (text === '') return `${field.name} "${part}" is empty`
  if (index === dayOfMonth && text.toUpperCase() === 'LW') return undefined
  for (const item of text.split(',')) {
    const problem = itemProblem(item, field, index)
    if (problem !== undefined) return problem
  }
  return undefined
}

function itemProblem(item: string, field: CronField, index: number): string | undefined {
  const { name } = field
  if (item === '') return `${name} has an empty list entry (check the commas)`
  // Names become numbers first, as croner does: `MON-FRI` → `1-5`, `FRI#2` → `5#2`.
  const upper = item.toUpperCase().replace(/[A-Z]{3}/g, (label) => {
    const at = field.names?.indexOf(label) ?? -1
    return at === -1 ? label : String(at + (field.namesFrom ?? 0))
  })
  if (index === dayOfMonth && upper === 'L') return undefined
  if (index === dayOfMonth && /^\d+W$/.test(upper)) return valueProblem(upper.slice(0, -1), field, item)
  if (upper.includes('W')) return `${name} "${item}": W (nearest weekday) is only allowed in the day of month, as in 15W`
  if (upper.includes('#')) {
    if (index !== dayOfWeek) return `${name} "${item}": # (nth weekday) is only allowed in the day of week, as in FRI#2`
    const [day, nth, extra] = upper.split('#')
    if (extra !== undefined || !/^[1-5]$/.test(nth!)) return `day of week "${item}": the number after # must be 1 to 5 (which week of the month)`
    return valueProblem(day!, field, item)
  }
  if (upper.includes('L')) {
    if (index === dayOfWeek && /^[^L]+L$/.test(upper) && !upper.includes('/')) return valueProblem(upper.slice(0, -1), field, item)
    if (index === dayOfMonth) return `day of month "${item}": L (last day) has to stand alone, as in L or 1,L`
    if (index === dayOfWeek) return `day of week "${item}": L (last) follows one day, as in FRIL or 5L`
    return `${name} "${item}": L (last) is only allowed in the day of month or day of week`
  }

  const [range, step, extra] = upper.split('/')
  if (extra !== undefined) return `${name} "${item}" has more than one "/"`
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `${name} step "${step}" is not a number`
    const size = field.max - field.min + 1
    if (Number(step) === 0) return `${name} step 0 is not allowed (use 1 or more)`
    if (Number(step) > size) return `${name} step ${step} is larger than the field (${field.min}-${field.max})`
    if (range !== '*' && !range!.includes('-')) return `${name} "${item}": a step needs * or a range before it (*/${step} or ${range}-${field.max}/${step})`
  }
  if (range === '*') return undefined
  const bounds = range!.split('-')
  if (bounds.length > 2) return `${name} range "${item}" has more than one "-"`
  for (const bound of bounds) {
    const problem = valueProblem(bound, field, item)
    if (problem !== undefined) return problem
  }
  const [from, to] = bounds.map(Number)
  if (to !== undefined && from! > to) return `${name} range ${item} runs backwards (write the smaller value first)`
  return undefined
}

/** `value` is a plain number after names were replaced; `written` is what the file said, for the message. */
function valueProblem(value: string, field: CronField, written: string): string | undefined {
  const allowed = field.names ? `${field.min}-${field.max} or ${field.names[0]}-${field.names.at(-1)}` : `${field.min}-${field.max}`
  if (!/^\d+$/.test(value)) return `${field.name} "${written}" is not a number${field.names ? ' or name' : ''} (allowed: ${allowed})`
  const number = Number(value)
  if (number < field.min || number > field.max) return `${field.name} ${number} is out of range ${allowed}`
  return undefined
}

/**
 * Loket's `filter` query parameter over plain JSON items: `eq ne lk gt ge lt le`, `and`/`or`
 * (and binds tighter), parentheses, single-quoted strings ('' escapes a quote), numbers,
 * `null`, `true`/`false`, dotted paths; field names and string values case-insensitive.
 */
export type FilterPredicate = (item: unknown) => boolean

/** Thrown for a filter Loket would answer with 400 (syntax error, unknown field). */
export class FilterError extends Error {}

type Literal = string | number | boolean | null
type Token = { kind: 'word'; text: string } | { kind: 'literal'; value: Literal } | { kind: 'paren'; text: '(' | ')' }

const operators = new Set(['eq', 'ne', 'lk', 'gt', 'ge', 'lt', 'le'])

function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const char = input.charAt(i)
    if (/\s/.test(char)) { i++; continue }
    if (char === '(' || char === ')') { tokens.push({ kind: 'paren', text: char }); i++; continue }
    if (char === "'") {
      let text = ''
      i++
      for (;;) {
        if (i >= input.length) throw new FilterError('unterminated string')
        if (input[i] === "'" && input[i + 1] === "'") { text += "'"; i += 2; continue }
        if (input[i] === "'") { i++; break }
        text += input[i]
        i++
      }
      tokens.push({ kind: 'literal', value: text })
      continue
    }
    const match = /^[^\s()']+/.exec(input.slice(i))
    const word = match?.[0] ?? ''
    i += word.length
    const lower = word.toLowerCase()
    if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ kind: 'literal', value: Number(word) })
    else if (lower === 'null') tokens.push({ kind: 'literal', value: null })
    else if (lower === 'true' || lower === 'false') tokens.push({ kind: 'literal', value: lower === 'true' })
    else tokens.push({ kind: 'word', text: word })
  }
  return tokens
}

/** Resolves a dotted path case-insensitively; a missing key on an object is an unknown field. */
function resolve(item: unknown, path: string[]): unknown {
  let current: unknown = item
  for (const segment of path) {
    if (current === null || current === undefined) return null
    if (typeof current !== 'object') throw new FilterError(`unknown field ${path.join('.')}`)
    const key = Object.keys(current).find((name) => name.toLowerCase() === segment.toLowerCase())
    if (key === undefined) throw new FilterError(`unknown field ${path.join('.')}`)
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function compare(left: unknown, operator: string, right: Literal): boolean {
  if (right === null || left === null || left === undefined) {
    const bothNull = (left === null || left === undefined) && right === null
    if (operator === 'eq') return bothNull
    if (operator === 'ne') return !bothNull
    return false
  }
  if (typeof left === 'object') throw new FilterError('cannot filter on an object')
  let a: string | number | boolean = left as string | number | boolean
  let b: string | number | boolean = right
  if (typeof a === 'number' || typeof b === 'number') {
    a = Number(a)
    b = Number(b)
  } else if (typeof a === 'string' || typeof b === 'string') {
    a = String(a).toLowerCase()
    b = String(b).toLowerCase()
  }
  switch (operator) {
    case 'eq': return a === b
    case 'ne': return a !== b
    case 'lk': return String(a).includes(String(b))
    case 'gt': return a > b
    case 'ge': return a >= b
    case 'lt': return a < b
    case 'le': return a <= b
    default: throw new FilterError(`unknown operator ${operator}`)
  }
}

export function parseFilter(input: string): FilterPredicate {
  const tokens = tokenize(input)
  let position = 0
  const peekWord = (): string | undefined => {
    const token = tokens[position]
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined
  }
  const parseComparison = (): FilterPredicate => {
    const token = tokens[position++]
    if (token?.kind === 'paren' && token.text === '(') {
      const inner = parseOr()
      const closing = tokens[position++]
      if (closing?.kind !== 'paren' || closing.text !== ')') throw new FilterError('missing )')
      return inner
    }
    if (token?.kind !== 'word') throw new FilterError('expected a field name')
    const operator = tokens[position++]
    if (operator?.kind !== 'word' || !operators.has(operator.text.toLowerCase())) throw new FilterError('expected an operator')
    const value = tokens[position++]
    if (value?.kind !== 'literal') throw new FilterError('expected a value')
    const path = token.text.split('.')
    const op = operator.text.toLowerCase()
    return (item) => compare(resolve(item, path), op, value.value)
  }
  const parseAnd = (): FilterPredicate => {
    const parts = [parseComparison()]
    while (peekWord() === 'and') { position++; parts.push(parseComparison()) }
    return (item) => parts.every((part) => part(item))
  }
  const parseOr = (): FilterPredicate => {
    const parts = [parseAnd()]
    while (peekWord() === 'or') { position++; parts.push(parseAnd()) }
    return (item) => parts.some((part) => part(item))
  }
  const predicate = parseOr()
  if (position !== tokens.length) throw new FilterError('unexpected input after the filter')
  return predicate
}

/** Sorts by Loket's `orderBy` (`-companyName,address.houseNumber`); stable, nulls first. */
export function orderItems<T>(items: readonly T[], orderBy: string): T[] {
  const keys = orderBy.split(',').map((part) => part.trim()).filter(Boolean).map((part) => ({
    descending: part.startsWith('-'), path: part.replace(/^[-+]/, '').split('.'),
  }))
  const comparable = (value: unknown): string | number | null =>
    value === null || value === undefined ? null : typeof value === 'number' ? value : String(value).toLowerCase()
  return [...items].sort((left, right) => {
    for (const key of keys) {
      const a = comparable(resolve(left, key.path))
      const b = comparable(resolve(right, key.path))
      if (a === b) continue
      const order = a === null ? -1 : b === null ? 1 : a < b ? -1 : 1
      return key.descending ? -order : order
    }
    return 0
  })
}

import { afterAll, describe, expect, it } from 'vitest'
import { cronPatternProblem } from '../../config/cron-pattern-problem.js'
import { loadConfig } from '../../config/load-config.js'
import { recordingResolver, tempConfigDir, validConfig } from './config-fixtures.js'

/** Issue 12 items 5, 6 and 7: the traps a new sysadmin walked into (DESIGN.md §5). */

type Config = ReturnType<typeof validConfig>

interface BadCase {
  name: string
  change: (config: Config, dir: string) => void
  env?: Record<string, string>
  /** Exactly the problem lines expected, in any order. */
  problems: (dir: string) => string[]
}

const bare = (name: string) => `"$${name}" without braces: did you mean \${${name}}? (write $$ for a literal $)`
const sixFields = (pattern: string, count: number) =>
  `invalid cron expression "${pattern}": ${count}-field patterns are not accepted, since their first field is seconds and the schedule would run 60 times as often; use 5 fields (minute hour day-of-month month day-of-week)`

const badCases: BadCase[] = [
  // Item 5: a forgotten ${…} must never become a literal, guessable value.
  { name: 'bare $NAME as the admin token', change: (c) => (c.server.admin_token = '$KOPPEL_ADMIN_TOKEN_FOR_PRODUCTION_USE'), problems: () => [`server.admin_token: ${bare('KOPPEL_ADMIN_TOKEN_FOR_PRODUCTION_USE')}`] },
  { name: 'bare $NAME inside a value', change: (c) => (c.webhooks[0].url = 'https://benefits.example.com/$HOOK_PATH/x'), problems: () => [`webhooks[0].url: ${bare('HOOK_PATH')}`] },
  { name: 'bare $NAME in connector settings', change: (c) => (c.connections[0].settings.client_id = '$LOKET_CLIENT_ID'), problems: () => [`connections[0].settings.client_id: ${bare('LOKET_CLIENT_ID')}`] },
  { name: 'bare $NAME in a list', change: (c) => (c.connections[1].employers = ['1', '$EMPLOYER_2']), problems: () => [`connections[1].employers[1]: ${bare('EMPLOYER_2')}`] },
  { name: 'bare $_NAME', change: (c) => (c.storage = { path: '/var/lib/$_DATA/koppel.db' }), problems: () => [`storage.path: ${bare('_DATA')}`] },
  { name: 'bare $NAME after $$', change: (c) => (c.server.admin_token = `x$$$TOKEN${'y'.repeat(30)}`), problems: () => [`server.admin_token: ${bare('TOKEN')}`] },
  { name: 'empty variable', change: (c) => (c.server.admin_token = '${KOPPEL_ADMIN_TOKEN}'), env: { KOPPEL_ADMIN_TOKEN: '' }, problems: () => ['server.admin_token: environment variable KOPPEL_ADMIN_TOKEN is empty'] },
  {
    name: 'empty ${file:}',
    change: (c, dir) => {
      files.write('empty-secret', '  \n')
      c.server.admin_token = `\${file:${dir}/empty-secret}`
    },
    problems: (dir) => [`server.admin_token: file ${dir}/empty-secret is empty`],
  },

  // Item 6: unknown keys name the key meant, and are not told twice.
  { name: 'mistyped required key', change: (c) => rename(c.server, 'public_url', 'publc_url'), problems: () => ['server.publc_url: unknown key, did you mean public_url?'] },
  { name: 'camelCase key', change: (c) => rename(c.server, 'admin_token', 'adminToken'), problems: () => ['server.adminToken: unknown key, did you mean admin_token?'] },
  { name: 'mistyped required block', change: (c) => rename(c, 'secrets', 'secret'), problems: () => ['secret: unknown key, did you mean secrets?'] },
  { name: 'mistyped optional block', change: (c) => (c.delivry = { concurrency: 4 }), problems: () => ['delivry: unknown key, did you mean delivery?'] },
  { name: 'mistyped connections list', change: (c) => rename(c, 'connections', 'conections'), problems: () => ['conections: unknown key, did you mean connections?'] },
  { name: 'mistyped connection key', change: (c) => rename(c.connections[0], 'schedule', 'shedule'), problems: () => ['connections[0].shedule: unknown key, did you mean schedule?'] },
  { name: 'mistyped connection settings', change: (c) => rename(c.connections[1], 'settings', 'setings'), problems: () => ['connections[1].setings: unknown key, did you mean settings?'] },
  { name: 'mistyped delete_guard key', change: (c) => (c.connections[0].delete_guard = { max_ration: 0.5 }), problems: () => ['connections[0].delete_guard.max_ration: unknown key, did you mean max_ratio?'] },
  { name: 'mistyped required setting', change: (c) => rename(c.connections[0].settings, 'client_id', 'clientid'), problems: () => ['connections[0].settings.clientid: unknown key, did you mean client_id?'] },
  { name: 'mistyped webhook url', change: (c) => rename(c.webhooks[0], 'url', 'ur'), problems: () => ['webhooks[0].ur: unknown key, did you mean url?'] },
  { name: 'mistyped webhook connections', change: (c) => rename(c.webhooks[0], 'connections', 'conections'), problems: () => ['webhooks[0].conections: unknown key, did you mean connections?'] },
  { name: 'unknown key like nothing known', change: (c) => (c.server.zzz = 1), problems: () => ['server.zzz: unknown key'] },

  // Item 7: 5 fields or a nickname; a bad field is named.
  { name: '6-field cron', change: (c) => (c.connections[0].schedule = '0 */4 * * * *'), problems: () => [`connections[0].schedule: ${sixFields('0 */4 * * * *', 6)}`] },
  { name: '7-field cron', change: (c) => (c.connections[0].full_sync_schedule = '0 30 2 * * * 2030'), problems: () => [`connections[0].full_sync_schedule: ${sixFields('0 30 2 * * * 2030', 7)}`] },
  { name: 'hour out of range', change: (c) => (c.connections[0].schedule = '0 25 * * *'), problems: () => ['connections[0].schedule: hour 25 is out of range 0-23'] },
  { name: 'day of month 0', change: (c) => (c.connections[0].schedule = '0 2 0 * *'), problems: () => ['connections[0].schedule: day of month 0 is out of range 1-31'] },
  { name: 'month 13', change: (c) => (c.connections[0].schedule = '0 2 1 13 *'), problems: () => ['connections[0].schedule: month 13 is out of range 1-12 or JAN-DEC'] },
  { name: 'day of week 8 in a range', change: (c) => (c.connections[0].schedule = '0 2 * * 1-8'), problems: () => ['connections[0].schedule: day of week 8 is out of range 0-7 or SUN-SAT'] },
  { name: 'unknown month name', change: (c) => (c.connections[0].schedule = '0 2 1 JANUARY *'), problems: () => ['connections[0].schedule: month "JANUARY" is not a number or name (allowed: 1-12 or JAN-DEC)'] },
  { name: 'step 0', change: (c) => (c.connections[0].schedule = '*/0 * * * *'), problems: () => ['connections[0].schedule: minute step 0 is not allowed (use 1 or more)'] },
  { name: 'step without * or range', change: (c) => (c.connections[0].schedule = '5/15 * * * *'), problems: () => ['connections[0].schedule: minute "5/15": a step needs * or a range before it (*/15 or 5-59/15)'] },
  { name: 'backwards range', change: (c) => (c.connections[0].schedule = '0 22-6 * * *'), problems: () => ['connections[0].schedule: hour range 22-6 runs backwards (write the smaller value first)'] },
  { name: 'W outside day of month', change: (c) => (c.connections[0].schedule = '0 2 * * 1W'), problems: () => ['connections[0].schedule: day of week "1W": W (nearest weekday) is only allowed in the day of month, as in 15W'] },
  { name: '# beyond the fifth week', change: (c) => (c.connections[0].schedule = '0 2 * * FRI#6'), problems: () => ['connections[0].schedule: day of week "FRI#6": the number after # must be 1 to 5 (which week of the month)'] },
  { name: 'time written as hh:mm', change: (c) => (c.connections[0].schedule = '0 12:30 * * *'), problems: () => ['connections[0].schedule: hour "12:30" is not a number (allowed: 0-23)'] },
  { name: 'unknown nickname', change: (c) => (c.connections[0].schedule = '@reboot'), problems: () => ['connections[0].schedule: invalid cron expression "@reboot": unknown nickname (use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or 5 fields: minute hour day-of-month month day-of-week)'] },
  { name: 'bad time zone', change: (c) => (c.connections[0].timezone = 'Europe/Amsterdm'), problems: () => ['connections[0].timezone: unknown time zone "Europe/Amsterdm"'] },
]

const files = tempConfigDir()
afterAll(files.cleanup)

function rename(target: Record<string, unknown>, from: string, to: string): void {
  target[to] = target[from]
  delete target[from]
}

describe('loadConfig refuses the traps of issue 12', () => {
  it.each(badCases.map((badCase, index) => ({ ...badCase, index })))('$name', async ({ change, env, problems, index }) => {
    const config = validConfig()
    change(config, files.dir)
    const path = files.write(`hardening-${index}.yaml`, config)
    const result = await loadConfig({ path, env: env ?? {}, resolveRegistry: recordingResolver().resolve })
    expect(result.ok ? [] : [...result.problems].sort()).toEqual([...problems(files.dir)].sort())
  })
})

describe('loadConfig keeps what is meant literally', () => {
  const token = 'k'.repeat(24)
  it.each([
    ['a $ before a digit', `pa$5word-${token}`, `pa$5word-${token}`],
    ['a $ at the end', `${token}-5$`, `${token}-5$`],
    ['a $ before lowercase', `$foo-${token}`, `$foo-${token}`],
    ['a $ before punctuation', `$-$.$/$ ${token}`, `$-$.$/$ ${token}`],
    ['$$ before a name', `$$HOME-${token}`, `$HOME-${token}`],
    ['$$ before braces', `$\${X}-${token}`, `\${X}-${token}`],
    ['$$$$', `$$$$-${token}`, `$$-${token}`],
    ['a variable beside $$', `$$\${PART}-${token}`, `$secret-${token}`],
  ])('%s', async (_name, written, expected) => {
    const config = validConfig()
    config.server.admin_token = written
    const path = files.write('literal.yaml', config)
    const result = await loadConfig({ path, env: { PART: 'secret' }, resolveRegistry: recordingResolver().resolve })
    if (!result.ok) throw new Error(result.problems.join('\n'))
    expect(result.config.server.admin_token).toBe(expected)
  })

  it('accepts 5-field patterns with names, lists, steps, ?, L, W and #, and every croner nickname', async () => {
    const patterns = [
      '0 */4 * * *', '30 2 * * MON-FRI', '0 0 L * *', '0 0 LW * *', '0 0 15W * *', '0 0 1,L * *', '0 9 * * FRI#2', '0 9 * * 5L',
      '0 9 ? * *', '0-30/5 8-18 * JAN,jul *', '0 0 * * 7', '0 0 * * +MON', '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@DAILY',
    ]
    expect(patterns.map((pattern) => [pattern, cronPatternProblem(pattern)])).toEqual(patterns.map((pattern) => [pattern, undefined]))
    const config = validConfig()
    config.connections[0].schedule = '@daily'
    config.connections[0].full_sync_schedule = '30 2 * * SUN'
    const result = await loadConfig({ path: files.write('cron-ok.yaml', config), env: {}, resolveRegistry: recordingResolver().resolve })
    if (!result.ok) throw new Error(result.problems.join('\n'))
    expect(result.config.connections[0]).toMatchObject({ schedule: '@daily', full_sync_schedule: '30 2 * * SUN' })
  })
})

describe('YAML syntax errors', () => {
  it.each([
    ['an over-indented entry', 'server:\n  port: 8080\n  public_url: https://k.example.com\n   admin_token: x\n', 'at line 4, column 4: bad indentation of a mapping entry (indented deeper than the entry above it)'],
    ['an under-indented entry', 'server:\n  port: 8080\n  public_url: https://k.example.com\n admin_token: x\nsecrets: {}\n', 'at line 4, column 2: bad indentation of a mapping entry (entries of one mapping must start in the same column)'],
    ['an over-indented entry under a list item', 'connections:\n  - id: a\n     connector: loket\n', 'at line 3, column 6: bad indentation of a mapping entry (indented deeper than the entry above it)'],
    ['a list item entry indented too little', 'connections:\n  - id: a\n    connector: b\n   employers: [1]\n', 'at line 4, column 4: bad indentation of a list item (or a missing "- ")'],
    ['a tab as indentation', 'server:\n\tport: 8080\n', 'at line 2, column 2: bad indentation: tabs are not allowed, indent with spaces'],
    ['an unclosed quote', 'server:\n  public_url: "https://k\n', 'at line 3, column 1: missing closing "quote'],
  ])('%s: one line with line and column', async (_name, text, expected) => {
    const path = files.write('syntax.yaml', text)
    expect(await loadConfig({ path, env: {}, resolveRegistry: recordingResolver().resolve })).toEqual({ ok: false, problems: [`${path}: YAML syntax error ${expected}`] })
  })
})

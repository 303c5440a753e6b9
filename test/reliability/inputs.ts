import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {APP} from '../helpers/sandbox.js'

/**
 * The bad-input corpus: command lines a user (or a script with an empty variable) may type, each of
 * which must end with exit 1, one `Error: ...` line that names the bad value (or the missing thing),
 * no stack trace, and no request that changes anything.
 */

export const COMMANDS = [
  'data:maintenances',
  'data:maintenances:info',
  'data:maintenances:run',
  'data:maintenances:schedule',
  'data:maintenances:wait',
  'data:maintenances:history',
  'data:maintenances:window',
  'data:maintenances:window:update',
  'redis:info',
] as const

export type CommandId = (typeof COMMANDS)[number]

export interface BadInput {
  /** Which of the nine commands this exercises; undefined for a command id that does not exist. */
  command?: CommandId
  argv: string[]
  /** What the error message (without `Error: `) must match: the bad value or missing thing, and what is valid. */
  message: RegExp
  /**
   * Whether the command may read before refusing (resolve the add-on, read the app or the maintenance),
   * because only the API knows the answer. Otherwise it must refuse before sending any request at all.
   */
  reads?: boolean
  /** The argv has --json: the error is a JSON object on stdout instead of a line on stderr. */
  json?: boolean
}

const MISSING_APP = 'no-such-app'

/** A file that a shell-injection in any argument would create; the corpus test checks it never appears. */
export const CANARY = join(tmpdir(), `hdm-reliability-canary-${process.pid}`)

function literal(text: string): string {
  return text.replaceAll(/[$()*+.?[\\\]^{|}]/g, String.raw`\$&`)
}

/** A message that holds each of these fragments in this order. */
function says(...fragments: string[]): RegExp {
  return new RegExp(fragments.map(fragment => literal(fragment)).join('.*'))
}

const ADDON_FORMS = 'APP::ATTACHMENT'

/**
 * The seven commands that take ADDON, each with the rest of a command line that would be valid, so that
 * ADDON (or what replaces it) is the only thing wrong.
 */
const ADDON_COMMANDS: Array<{after: string[]; id: CommandId}> = [
  {after: ['-a', APP], id: 'data:maintenances:info'},
  {after: ['-a', APP, '--confirm', APP], id: 'data:maintenances:run'},
  {after: ['-a', APP, '--weeks', '1'], id: 'data:maintenances:schedule'},
  {after: ['-a', APP, '--timeout', '5s'], id: 'data:maintenances:wait'},
  {after: ['-a', APP, '--num', '3'], id: 'data:maintenances:history'},
  {after: ['-a', APP], id: 'data:maintenances:window'},
  {after: ['sunday', '14:30', '-a', APP], id: 'data:maintenances:window:update'},
]

function withApp(after: string[], app: string): string[] {
  const copy = [...after]
  copy[copy.indexOf('-a') + 1] = app
  const confirm = copy.indexOf('--confirm')
  if (confirm !== -1) copy[confirm + 1] = app
  return copy
}

/** What every ADDON command must refuse, and (spread over them) a malformed APP::ATTACHMENT, an extra argument and an unknown flag. */
function addonCases(): BadInput[] {
  const cases: BadInput[] = []
  for (const [index, {after, id}] of ADDON_COMMANDS.entries()) {
    cases.push(
      {argv: [id, '', ...after], command: id, message: says('ADDON', 'empty', ADDON_FORMS)},
      {argv: [id, ...after.filter(arg => !['14:30', 'sunday'].includes(arg))], command: id, message: /Missing \d required args?: addon\b.*APP::ATTACHMENT/},
      // Only the API knows which apps exist; the app must be named as the thing not found, with exit 1 like an unknown add-on.
      {argv: [id, 'REDIS_URL', ...withApp(after, MISSING_APP)], command: id, message: /Couldn't find that app: no-such-app|[Aa]pp no-such-app (was not found|does not exist)/, reads: true},
    )
    if (index % 2 === 0) cases.push({argv: [id, 'app::', ...after], command: id, message: says('ADDON "app::"', ADDON_FORMS)})
    if (index % 2 === 1) cases.push({argv: [id, '::REDIS', ...after], command: id, message: says('ADDON "::REDIS"', ADDON_FORMS)})
    if (index % 3 === 0) cases.push({argv: [id, 'REDIS_URL', ...after, 'extra'], command: id, message: says('Unexpected argument: extra')})
    if (index % 3 === 1) cases.push({argv: [id, 'REDIS_URL', ...after, '--bogus'], command: id, message: says('Nonexistent flag: --bogus')})
  }

  return cases
}

/** Odd add-on names (shell metacharacters, unicode): sent to the resolve action only, as data, and reported as not found. */
function oddNameCases(): BadInput[] {
  const names: Array<[CommandId, string]> = [
    ['data:maintenances:info', 'redis;rm -rf /'],
    ['data:maintenances:info', '$(whoami)'],
    ['data:maintenances:run', `$(touch ${CANARY})`],
    ['data:maintenances:schedule', `redis\`touch ${CANARY}\``],
    ['data:maintenances:wait', `x; touch ${CANARY}`],
    ['data:maintenances:history', '../../apps'],
    ['data:maintenances:window', '%2e%2e/%2e%2e'],
    ['data:maintenances:window:update', '名前'],
  ]
  return names.map(([id, name]) => {
    const {after} = ADDON_COMMANDS.find(command => command.id === id)!
    return {argv: [id, name, ...after], command: id, message: says(`Add-on ${name} was not found`, 'heroku addons'), reads: true}
  })
}

const SCHEDULE = ['data:maintenances:schedule', 'REDIS_URL', '-a', APP]
const WEEKS_VALID = ['-12 to 12', '0']

function scheduleCases(): BadInput[] {
  const id: CommandId = 'data:maintenances:schedule'
  const weeks = (value: string): BadInput => ({argv: [...SCHEDULE, '--weeks', value], command: id, message: says(`--weeks ${JSON.stringify(value)}`, ...WEEKS_VALID)})
  const week = (value: string, valid: string): BadInput => ({argv: [...SCHEDULE, '--week', value], command: id, message: says(`--week ${JSON.stringify(value)}`, valid)})
  return [
    weeks('abc'),
    weeks('0'),
    weeks('999'),
    weeks('1.5'),
    weeks('-13'),
    weeks(''),
    week('2026-13-40', '2026-12-07'),
    week('next-week', '2026-12-07'),
    week('2027-W53', 'W52'),
    week('', '2026-W50'),
    {argv: [...SCHEDULE, '--weeks', '1', '--week', '2026-W50'], command: id, message: /--weeks "1".*--week "2026-W50".*one of them/},
    {argv: SCHEDULE, command: id, message: says('--weeks N', '--week DATE')},
    {argv: [...SCHEDULE, '--weeks'], command: id, message: says('--weeks expects a value')},
    // Only the maintenance says how far it may move: a read, then a refusal that names the limit.
    {argv: [...SCHEDULE, '--weeks', '12'], command: id, message: says('--weeks 12', 'required by', 'cannot move later'), reads: true},
    {argv: ['data:maintenances:schedule', 'CACHE_URL', '-a', APP, '--weeks', '1'], command: id, message: says('redis-tiny-54321', 'mini', 'premium'), reads: true},
    {argv: [...SCHEDULE, '--weeks', '0', '--json'], command: id, json: true, message: says('--weeks "0"', ...WEEKS_VALID)},
  ]
}

const HISTORY = ['data:maintenances:history', 'REDIS_URL', '-a', APP]
const HISTORY_COLUMNS = 'valid columns: status, required_by'

function historyCases(): BadInput[] {
  const id: CommandId = 'data:maintenances:history'
  const num = (value: string): BadInput => ({argv: [...HISTORY, '--num', value], command: id, message: says(`--num ${JSON.stringify(value)}`, '1 to 20')})
  return [
    num('0'),
    num('21'),
    num('-5'),
    num('x'),
    num('1.5'),
    {argv: [...HISTORY, '--num'], command: id, message: says('--num expects a value')},
    {argv: [...HISTORY, '--columns', 'nope'], command: id, message: says('--columns', '"nope"', HISTORY_COLUMNS)},
    {argv: [...HISTORY, '--sort', 'nope'], command: id, message: says('--sort', '"nope"', HISTORY_COLUMNS)},
    {argv: [...HISTORY, '--filter', 'nofilter'], command: id, message: says('--filter "nofilter"', 'COLUMN=TEXT', HISTORY_COLUMNS)},
    {argv: [...HISTORY, '--num', '21', '--json'], command: id, json: true, message: says('--num "21"', '1 to 20')},
  ]
}

const WINDOW_UPDATE = ['data:maintenances:window:update', 'REDIS_URL']
const DAY_FORMS = 'Sunday, sundays, SUNDAY'
const TIME_FORMS = '14:30'

function windowUpdateCases(): BadInput[] {
  const id: CommandId = 'data:maintenances:window:update'
  const day = (value: string): BadInput => ({
    argv: [...WINDOW_UPDATE, value, '14:30', '-a', APP],
    command: id,
    message: value.trim() ? says(`DAY ${JSON.stringify(value)}`, DAY_FORMS) : says('DAY is empty', DAY_FORMS),
  })
  const time = (value: string): BadInput => ({
    argv: [...WINDOW_UPDATE, 'sunday', value, '-a', APP],
    command: id,
    message: value.trim() ? says(`TIME ${JSON.stringify(value)}`, TIME_FORMS) : says('TIME is empty', TIME_FORMS),
  })
  return [
    day('funday'),
    day(''),
    day('sunday;reboot'),
    time('25:00'),
    time('14:60'),
    time('9'),
    time('2pm30'),
    time(''),
    time('13:00 PM'),
    {argv: [...WINDOW_UPDATE, 'sunday', '-a', APP], command: id, message: /Missing 1 required arg: time\b.*14:30/},
    {argv: ['data:maintenances:window:update', 'CACHE_URL', 'sunday', '14:30', '-a', APP], command: id, message: says('redis-tiny-54321', 'mini', 'premium'), reads: true},
    {argv: [...WINDOW_UPDATE, 'funday', '14:30', '-a', APP, '--json'], command: id, json: true, message: says('DAY "funday"', DAY_FORMS)},
  ]
}

const RUN = ['data:maintenances:run', 'REDIS_URL', '-a', APP]
const CONFIRMED_RUN = [...RUN, '--confirm', APP]
const DURATION_FORMS = '90s, 30m, 2h'

function runCases(): BadInput[] {
  const id: CommandId = 'data:maintenances:run'
  return [
    {argv: [...RUN, '--confirm', ''], command: id, message: says('--confirm is empty', `--confirm ${APP}`)},
    {argv: [...RUN, '--confirm', '', '--json'], command: id, json: true, message: says('--confirm is empty', `--confirm ${APP}`)},
    {argv: [...RUN, '--confirm', 'wrong-app'], command: id, message: says('--confirm "wrong-app"', `--confirm ${APP}`), reads: true},
    {argv: RUN, command: id, message: says('not in maintenance mode', `--confirm ${APP}`), reads: true},
    {argv: [...CONFIRMED_RUN, '--timeout', '10m'], command: id, message: /--timeout only appl(y|ies) with --wait/},
    {argv: [...CONFIRMED_RUN, '--wait', '--timeout', '-1'], command: id, message: says('--timeout "-1"', DURATION_FORMS)},
    {argv: [...CONFIRMED_RUN, '--wait', '--timeout', '0s'], command: id, message: says('--timeout "0s"', 'greater than zero')},
    {argv: [...CONFIRMED_RUN, '--wait', '--timeout', 'abc'], command: id, message: says('--timeout "abc"', DURATION_FORMS)},
    {argv: [...CONFIRMED_RUN, '--wait', '--interval', '0s'], command: id, message: says('--interval "0s"', 'greater than zero')},
    {argv: [...CONFIRMED_RUN, '--wait', '--interval', '500ms'], command: id, message: says('--interval "500ms"', '1s or more')},
    {argv: ['data:maintenances:run', 'CACHE_URL', '-a', APP, '--confirm', APP], command: id, message: says('redis-tiny-54321', 'mini', 'premium'), reads: true},
  ]
}

const WAIT = ['data:maintenances:wait', 'REDIS_URL', '-a', APP]

function waitCases(): BadInput[] {
  const id: CommandId = 'data:maintenances:wait'
  return [
    {argv: [...WAIT, '--timeout', '-1'], command: id, message: says('--timeout "-1"', DURATION_FORMS)},
    {argv: [...WAIT, '--timeout', '0s'], command: id, message: says('--timeout "0s"', 'greater than zero')},
    {argv: [...WAIT, '--timeout', 'abc'], command: id, message: says('--timeout "abc"', DURATION_FORMS)},
    {argv: [...WAIT, '--timeout', '1h-5m'], command: id, message: says('--timeout "1h-5m"', DURATION_FORMS)},
    {argv: [...WAIT, '--interval', '0s'], command: id, message: says('--interval "0s"', 'greater than zero')},
    {argv: [...WAIT, '--interval', '500ms'], command: id, message: says('--interval "500ms"', '1s or more')},
    {argv: [...WAIT, '--interval', '1e3s'], command: id, message: says('--interval "1e3s"', DURATION_FORMS)},
    {argv: [...WAIT, '--interval', '500ms', '--json'], command: id, json: true, message: says('--interval "500ms"', '1s or more')},
  ]
}

const ZONE_FORMS = 'IANA name'
const EMPTY_APP = /--app\b.*\bempty\b|\bempty\b.*--app\b/

function readingCases(): BadInput[] {
  return [
    {argv: ['data:maintenances:info', 'REDIS_URL', '-a', APP, '--tz', 'Mars/Base'], command: 'data:maintenances:info', message: says('"Mars/Base"', ZONE_FORMS)},
    {argv: ['data:maintenances:info', 'REDIS_URL', '-a'], command: 'data:maintenances:info', message: says('--app expects a value')},
    {argv: ['data:maintenances:info', '', '-a', APP, '--json'], command: 'data:maintenances:info', json: true, message: says('ADDON', 'empty', ADDON_FORMS)},
    // An empty --app (an unset variable in a script) is a usage error, not a request for an app named "".
    {argv: ['data:maintenances:info', 'REDIS_URL', '-a', ''], command: 'data:maintenances:info', message: EMPTY_APP},
    {argv: ['data:maintenances:run', 'REDIS_URL', '-a', '', '--confirm', APP], command: 'data:maintenances:run', message: EMPTY_APP},
    {argv: ['data:maintenances:window', 'REDIS_URL', '-a', APP, '--tz', 'Not/AZone'], command: 'data:maintenances:window', message: says('"Not/AZone"', ZONE_FORMS)},
  ]
}

const LIST = ['data:maintenances', '-a', APP]
const LIST_COLUMNS = 'valid columns: addon, attachments'

function listCases(): BadInput[] {
  const id: CommandId = 'data:maintenances'
  return [
    {argv: [...LIST, '--columns', 'nope'], command: id, message: says('--columns', '"nope"', LIST_COLUMNS)},
    {argv: [...LIST, '--columns', ''], command: id, message: says('--columns', 'empty', LIST_COLUMNS)},
    {argv: [...LIST, '--sort', 'nope'], command: id, message: says('--sort', '"nope"', LIST_COLUMNS)},
    {argv: [...LIST, '--filter', 'nofilter'], command: id, message: says('--filter "nofilter"', 'COLUMN=TEXT', LIST_COLUMNS)},
    {argv: [...LIST, '--filter', 'nope=x'], command: id, message: says('--filter', '"nope"', LIST_COLUMNS)},
    {argv: [...LIST, '--filter', '=ready'], command: id, message: says('--filter "=ready"', 'COLUMN=TEXT')},
    {argv: [...LIST, '--bogus'], command: id, message: says('Nonexistent flag: --bogus')},
    {argv: [...LIST, 'extra'], command: id, message: says('Unexpected argument: extra')},
    {argv: [...LIST, '--tz', 'Mars/Base'], command: id, message: says('"Mars/Base"', ZONE_FORMS)},
    {argv: [...LIST, '--csv', '--json'], command: id, json: true, message: /--json.*--csv|--csv.*--json/},
    {argv: ['data:maintenances', '-a', MISSING_APP], command: id, message: /Couldn't find that app: no-such-app|[Aa]pp no-such-app (was not found|does not exist)/, reads: true},
    {argv: ['data:maintenances', '-a', ''], command: id, message: EMPTY_APP},
    // The fleet view is asked for with --all, never the default.
    {argv: ['data:maintenances'], command: id, message: says('No app given', '--app', '--remote', '--all')},
    {argv: ['data:maintenances', '--ics'], command: id, message: says('No app given', '--app', '--remote', '--all')},
    {argv: ['data:maintenances', '--all', '-a', APP], command: id, message: says('--all', 'leave out --app')},
  ]
}

function redisCases(): BadInput[] {
  const id: CommandId = 'redis:info'
  const redisNames = 'its Redis add-ons are redis-lively-12345 (REDIS_URL), redis-tiny-54321 (CACHE_URL)'
  return [
    {argv: ['redis:info'], command: id, message: says('No app given', '--app APP')},
    {argv: ['redis:info', '-a', ''], command: id, message: EMPTY_APP},
    {argv: ['redis:info', '-a', MISSING_APP], command: id, message: /Couldn't find that app: no-such-app|[Aa]pp no-such-app (was not found|does not exist)/, reads: true},
    {argv: ['redis:info', 'NOPE', '-a', APP], command: id, message: says('"NOPE"', redisNames), reads: true},
    {argv: ['redis:info', `$(touch ${CANARY})`, '-a', APP], command: id, message: says(JSON.stringify(`$(touch ${CANARY})`), redisNames), reads: true},
    {argv: ['redis:info', 'REDIS_URL', 'extra', '-a', APP], command: id, message: says('Unexpected argument: extra')},
    {argv: ['redis:info', '-a', APP, '--bogus'], command: id, message: says('Nonexistent flag: --bogus')},
    {argv: ['redis:info', '-r', `x;touch ${CANARY}`], command: id, message: says(`remote x;touch ${CANARY}`, 'not found')},
  ]
}

export const BAD_INPUTS: BadInput[] = [
  ...addonCases(),
  ...oddNameCases(),
  ...scheduleCases(),
  ...historyCases(),
  ...windowUpdateCases(),
  ...runCases(),
  ...waitCases(),
  ...readingCases(),
  ...listCases(),
  ...redisCases(),
  // A mistyped command is a usage error too: one line, exit 1 (not 2, which scripts read as an API failure).
  {argv: ['data:maintenances:nope', 'REDIS_URL'], message: says('data:maintenances:nope', 'not found')},
]

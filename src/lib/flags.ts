import {Args, Flags} from '@oclif/core'
import {DateTime, IANAZone} from 'luxon'

import type {ScheduleRequest, WeekTarget} from './maintenance/schedule.js'

import {ValidationError} from './errors.js'
import {parseDuration} from './format/duration.js'
import {herokuGitRemotes} from './git-remotes.js'
import {FLEET_CONCURRENCY, RATE_LIMIT_RESERVE} from './maintenance/fleet.js'
import {HISTORY_LIMIT} from './maintenance/history.js'
import {MAX_DELAY_WEEKS} from './maintenance/schedule.js'
import {isKnownZone} from './maintenance/time.js'
import {DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS, type WaitTiming} from './maintenance/wait.js'

/** The ADDON argument every per-add-on command takes. */
export const addonArg = Args.string({description: 'add-on name, attachment (REDIS_URL, DATABASE) or APP::ATTACHMENT', required: true})

/** `--remote/-r`, as in every Heroku command. */
export const remote = Flags.string({char: 'r', description: 'git remote of app to use'})

/** `--app/-a`, as in every Heroku command: the flag, else HEROKU_APP (oclif reads it through `env`), else the one Heroku git remote. */
export const app = Flags.custom<string>({
  char: 'a',
  async default({flags, options}) {
    const remotes = herokuGitRemotes(flags.remote as string | undefined)
    if (flags.remote && remotes.length === 0) throw new ValidationError(`remote ${flags.remote} not found in git remotes`)
    if (remotes.length === 1) return remotes[0].app
    if (options.required) throw new ValidationError(missingAppMessage({}, remotes))
  },
  description: 'app to run command against',
  env: 'HEROKU_APP',
  async parse(input) {
    if (!input.trim()) throw new ValidationError('--app is empty: give the name of an app (or leave the flag out to use HEROKU_APP or the git remote).')
    return input.trim()
  },
})

/**
 * Why no app could be chosen: several Heroku git remotes (named), or none. `all` is for a command with a
 * fleet view, which then also offers `--all`.
 */
export function missingAppMessage(options: {all?: boolean; remote?: string} = {}, remotes = herokuGitRemotes(options.remote)): string {
  if (remotes.length > 1) {
    const names = remotes.map(r => `${r.app} (${r.remote})`).join(', ')
    return `Several Heroku apps in git remotes: ${names}. Choose one with --app or --remote${options.all ? ', or pass --all to list every app you can access' : ''}.`
  }

  if (options.all) return 'No app given: pass --app APP or --remote REMOTE (or set HEROKU_APP) for one app, or --all to list every app you can access.'
  return 'No app given: pass --app APP (or set HEROKU_APP, or run inside a git checkout with one Heroku remote).'
}

/**
 * Whether a command with a fleet view lists every app: only with `--all`, never by default. `--all` wins over
 * HEROKU_APP and the git remote, but not over an `--app` or `--remote` typed beside it; with neither `--all`
 * nor an app it is a usage error, before any request.
 */
export function wantsFleetView(flags: {all: boolean; app?: string; remote?: string}, typed: readonly {flag?: string; type: string}[]): boolean {
  if (flags.all) {
    const clash = typed.find(token => token.type === 'flag' && (token.flag === 'app' || token.flag === 'remote'))
    if (clash) throw new ValidationError(`--all lists every app you can access: leave out --${clash.flag}, or leave out --all to list one app.`)
    return true
  }

  if (flags.app === undefined) throw new ValidationError(missingAppMessage({all: true, remote: flags.remote}))
  return false
}

/** --columns, --sort, --filter, --csv for the commands that print tables. */
export const tableFlags = {
  columns: Flags.string({description: 'only these columns, comma-separated (see the column names in the help)'}),
  csv: Flags.boolean({description: 'print CSV instead of a table', exclusive: ['json']}),
  filter: Flags.string({description: 'keep rows whose COLUMN contains TEXT (case-insensitive); repeatable', helpValue: 'COLUMN=TEXT', multiple: true}),
  sort: Flags.string({description: 'sort by this column; -COLUMN or COLUMN:desc for descending', helpValue: 'COLUMN[:desc]'}),
}

/**
 * `--ics` writes a calendar, its own format: the flags that shape the other outputs are refused beside it (in
 * code, not with oclif's `exclusive`, whose usage line would also claim they exclude each other).
 */
export function refuseBesideCalendar(flags: {columns?: string; csv: boolean; ics: boolean; json: boolean; sort?: string}): void {
  if (!flags.ics) return
  const other = (['json', 'csv', 'columns', 'sort'] as const).find(name => flags[name] !== undefined && flags[name] !== false)
  if (other) throw new ValidationError(`--ics prints an iCalendar file and cannot be combined with --${other}: leave out one of them.`)
}

/** `--no-color` on every command (a base flag): the host CLI passes it through, and newer oclif refuses flags a command does not declare. */
export const noColor = Flags.boolean({description: 'do not colour the output (as NO_COLOR does)', helpGroup: 'GLOBAL'})

/** A zone given by the user (`--tz`), checked against the zone database. */
export function parseZone(zone: string, origin = '--tz'): string {
  if (!isKnownZone(zone)) {
    throw new ValidationError(`Unknown time zone ${JSON.stringify(zone)} in ${origin}: use an IANA name such as Europe/Berlin, America/New_York or UTC.`)
  }

  return zone
}

const zoneFlag = Flags.custom<string>({helpValue: 'ZONE', parse: async input => parseZone(input, '--tz')})

/** `--tz` on the reading commands: times in this zone beside UTC. */
export const tz = zoneFlag({
  description: 'also show times in this IANA time zone, e.g. Europe/Berlin (default: the TZ environment variable; times are always shown in UTC too)',
})

/** `--tz` of `window:update`: the zone DAY and TIME are in. */
export const windowZone = zoneFlag({
  description: 'IANA time zone DAY and TIME are in, e.g. Europe/Berlin; they are converted to UTC (default: UTC; the TZ environment variable does not change this)',
})

/**
 * The zone the reading commands show times in: --tz (checked by its parser), else TZ when it names an IANA
 * zone (system values such as `:/etc/localtime` are ignored), else UTC.
 */
export function displayZone(flag: string | undefined, env: Record<string, string | undefined> = process.env): string {
  if (flag !== undefined) return flag
  const fromEnv = env.TZ?.trim()
  return fromEnv && IANAZone.isValidZone(fromEnv) ? fromEnv : 'UTC'
}

/** A whole number from `min` to `max` as typed, or undefined. */
function wholeNumber(text: string, range: {max: number; min: number}): number | undefined {
  const value = text.trim()
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN
  return Number.isSafeInteger(number) && number >= range.min && number <= range.max ? number : undefined
}

/** `--concurrency`: a whole number from 1 to 32. */
export function parseConcurrency(text: string): number {
  const number = wholeNumber(text, FLEET_CONCURRENCY)
  if (number === undefined) {
    throw new ValidationError(`--concurrency ${JSON.stringify(text)} is not valid: give a whole number from ${FLEET_CONCURRENCY.min} to ${FLEET_CONCURRENCY.max}.`)
  }

  return number
}

/** `--concurrency` of the commands with a fleet view; without it, FLEET_CONCURRENCY.default. */
export const concurrency = Flags.custom<number>({
  // Parsed here rather than as an integer flag, so that 0, 33 or 1.5 get our own one-line message.
  description: `with --all: how many apps to fetch at once (${FLEET_CONCURRENCY.min} to ${FLEET_CONCURRENCY.max}, default ${FLEET_CONCURRENCY.default})`,
  helpValue: 'N',
  parse: async input => parseConcurrency(input),
})()

/** `--rate-limit-reserve`: a whole number from 0 to 4500. */
export function parseRateLimitReserve(text: string): number {
  const number = wholeNumber(text, RATE_LIMIT_RESERVE)
  if (number === undefined) {
    throw new ValidationError(`--rate-limit-reserve ${JSON.stringify(text)} is not valid: give a whole number of requests from ${RATE_LIMIT_RESERVE.min} to ${RATE_LIMIT_RESERVE.max}.`)
  }

  return number
}

/** `--rate-limit-reserve`; without it, RATE_LIMIT_RESERVE.default. */
export const rateLimitReserve = Flags.custom<number>({
  description: `with --all: API requests to leave unspent for the account's other uses (${RATE_LIMIT_RESERVE.min} to ${RATE_LIMIT_RESERVE.max}, default ${RATE_LIMIT_RESERVE.default})`,
  helpValue: 'N',
  parse: async input => parseRateLimitReserve(input),
})()

/** `--num` of `history`: a whole number from 1 to 20. */
export function parseHistoryLimit(text: string): number {
  const number = wholeNumber(text, HISTORY_LIMIT)
  if (number === undefined) {
    throw new ValidationError(`--num ${JSON.stringify(text)} is not valid: give a whole number from ${HISTORY_LIMIT.min} to ${HISTORY_LIMIT.max}.`)
  }

  return number
}

/** `--num/-n` of `history`; without it, HISTORY_LIMIT.default. */
export const historyLimit = Flags.custom<number>({
  char: 'n',
  description: `number of past maintenances to show (${HISTORY_LIMIT.min} to ${HISTORY_LIMIT.max}, default ${HISTORY_LIMIT.default})`,
  parse: async input => parseHistoryLimit(input),
})()

const WEEKS_FORM = `a whole number of weeks from -${MAX_DELAY_WEEKS} to ${MAX_DELAY_WEEKS} other than 0 (negative moves it earlier)`
const WEEK_FORMS = 'an ISO date (2026-12-07) or an ISO week (2026-W50)'

/** `--weeks`: a whole, non-zero number of weeks within ±MAX_DELAY_WEEKS. */
export function parseWeeks(text: string): number {
  const value = text.trim()
  const weeks = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN
  if (Number.isInteger(weeks) && weeks !== 0 && Math.abs(weeks) <= MAX_DELAY_WEEKS) return weeks
  throw new ValidationError(`--weeks ${JSON.stringify(text)} is not valid: give ${WEEKS_FORM}.`)
}

/** `--week`: `2026-12-07` (the ISO week holding that day) or `2026-W50`, in UTC. */
export function parseWeekTarget(text: string): WeekTarget {
  const value = text.trim()
  const invalid = (reason: string) => new ValidationError(`--week ${JSON.stringify(text)} is not valid: ${reason}.`)
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (date) {
    const [year, month, day] = date.slice(1).map(Number)
    const start = DateTime.fromObject({day, month, year}, {zone: 'utc'})
    if (!start.isValid) throw invalid(`it is not a calendar date; give ${WEEK_FORMS}`)
    return {text: value, weekStart: start.startOf('week')}
  }

  const week = /^(\d{4})-W(\d{2})$/i.exec(value)
  if (week) {
    const [weekYear, weekNumber] = week.slice(1).map(Number)
    const start = DateTime.fromObject({weekday: 1, weekNumber, weekYear}, {zone: 'utc'})
    if (!start.isValid) {
      const weeks = DateTime.fromObject({weekday: 1, weekNumber: 1, weekYear}, {zone: 'utc'}).weeksInWeekYear
      throw invalid(`${weekYear} has ISO weeks W01 to W${weeks}`)
    }

    return {text: value, weekStart: start}
  }

  throw invalid(`give ${WEEK_FORMS}`)
}

/** `--weeks` and `--week` of `schedule`. */
export const scheduleFlags = {
  week: Flags.custom<WeekTarget>({
    description: 'move it into the ISO week (Monday to Sunday, UTC) of this date (2026-12-07) or this ISO week (2026-W50)',
    helpValue: 'DATE',
    parse: async input => parseWeekTarget(input),
  })(),
  // Parsed here rather than as an integer flag, so that 0, 13 or 1.5 get our own one-line message.
  weeks: Flags.custom<number>({
    description: `move it by this many weeks: -${MAX_DELAY_WEEKS} to ${MAX_DELAY_WEEKS}, not 0; negative moves it earlier`,
    helpValue: 'N',
    parse: async input => parseWeeks(input),
  })(),
}

/** Where `schedule` moves the maintenance: exactly one of `--weeks` and `--week` (each already parsed). */
export function requestedMove(flags: {week?: WeekTarget; weeks?: number}): ScheduleRequest {
  const {week, weeks} = flags
  if (weeks !== undefined && week !== undefined) {
    throw new ValidationError(`--weeks ${JSON.stringify(String(weeks))} and --week ${JSON.stringify(week.text)} were both given: use one of them.`)
  }

  if (weeks !== undefined) return {weeks}
  if (week !== undefined) return {week}
  throw new ValidationError(`Say where to move the maintenance: --weeks N (-${MAX_DELAY_WEEKS} to ${MAX_DELAY_WEEKS}, not 0; negative moves it earlier) or --week DATE (2026-12-07 or 2026-W50).`)
}

/** `--interval DURATION` in milliseconds: the pause between polls, at least a second. */
export function parseInterval(text: string): number {
  const interval = parseDuration(text, '--interval')
  if (interval < MIN_INTERVAL_MS) throw new ValidationError(`--interval ${JSON.stringify(text)} is too short: poll at most once a second (1s or more).`)
  return interval
}

/** `--timeout DURATION` in milliseconds. */
export function parseTimeout(text: string): number {
  return parseDuration(text, '--timeout')
}

export const interval = Flags.custom<number>({helpValue: 'DURATION', parse: async text => parseInterval(text)})
export const timeout = Flags.custom<number>({helpValue: 'DURATION', parse: async text => parseTimeout(text)})

/** The wait's timing from `--interval` (default 5s) and `--timeout` (none: no limit). */
export function waitTiming(flags: {interval?: number; timeout?: number}): WaitTiming {
  return {interval: flags.interval ?? DEFAULT_INTERVAL_MS, timeout: flags.timeout}
}

/** `--confirm APP`: the app's name, never empty. */
export function parseConfirm(text: string): string {
  if (text.trim() === '') throw new ValidationError('--confirm is empty: pass the name of the app the add-on belongs to, e.g. --confirm example-app.')
  return text
}

export const confirm = Flags.custom<string>({helpValue: 'APP', parse: async text => parseConfirm(text)})

export interface RunFlags {
  confirm?: string
  interval?: number
  'maintenance-mode'?: boolean
  timeout?: number
  wait: boolean
}

/**
 * The rules between run's flags, before any request: --confirm not with --maintenance-mode, and --timeout/--interval
 * only when the run waits. Returns the wait timing when it waits (--wait, or --maintenance-mode, which always waits).
 */
export function runWaitTiming(flags: RunFlags): undefined | WaitTiming {
  if (flags.confirm !== undefined && flags['maintenance-mode']) {
    throw new ValidationError('--confirm and --maintenance-mode were both given: use one of them (with --maintenance-mode the app is in maintenance mode, so no --confirm is needed).')
  }

  if (!flags.wait && !flags['maintenance-mode']) {
    const stray = [flags.timeout === undefined ? '' : '--timeout', flags.interval === undefined ? '' : '--interval'].filter(Boolean)
    if (stray.length === 1) throw new ValidationError(`${stray[0]} only applies with --wait (or --maintenance-mode): add --wait, or leave it out.`)
    if (stray.length > 1) throw new ValidationError(`${stray.join(' and ')} only apply with --wait (or --maintenance-mode): add --wait, or leave them out.`)
    return undefined
  }

  return waitTiming(flags)
}

import {Args, Flags} from '@oclif/core'
import {IANAZone} from 'luxon'

import {ValidationError} from './errors.js'
import {checkZone} from './format/time.js'
import {herokuGitRemotes} from './git-remotes.js'

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

/** `--tz` on the reading commands: times in this zone beside UTC. */
export const tz = Flags.string({
  description: 'also show times in this IANA time zone, e.g. Europe/Berlin (default: the TZ environment variable; times are always shown in UTC too)',
  helpValue: 'ZONE',
})

/**
 * The zone the reading commands show times in: --tz (an unknown zone is a usage error), else TZ when it
 * names an IANA zone (system values such as `:/etc/localtime` are ignored), else UTC.
 */
export function displayZone(flag: string | undefined, env: Record<string, string | undefined> = process.env): string {
  if (flag !== undefined) return checkZone(flag, '--tz')
  const fromEnv = env.TZ?.trim()
  return fromEnv && IANAZone.isValidZone(fromEnv) ? fromEnv : 'UTC'
}

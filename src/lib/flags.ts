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
    if (remotes.length > 1 && options.required) {
      const names = remotes.map(r => `${r.app} (${r.remote})`).join(', ')
      throw new ValidationError(`Several Heroku apps in git remotes: ${names}. Choose one with --app or --remote.`)
    }

    if (options.required) throw new ValidationError('No app given: pass --app APP (or set HEROKU_APP, or run inside a git checkout with one Heroku remote).')
  },
  description: 'app to run command against',
  env: 'HEROKU_APP',
  async parse(input) {
    if (!input.trim()) throw new ValidationError('--app is empty: give the name of an app (or leave the flag out to use HEROKU_APP or the git remote).')
    return input.trim()
  },
})

/** --columns, --sort, --filter, --csv for the commands that print tables. */
export const tableFlags = {
  columns: Flags.string({description: 'only these columns, comma-separated (see the column names in the help)'}),
  csv: Flags.boolean({description: 'print CSV instead of a table', exclusive: ['json']}),
  filter: Flags.string({description: 'keep rows whose COLUMN contains TEXT (case-insensitive); repeatable', helpValue: 'COLUMN=TEXT', multiple: true}),
  sort: Flags.string({description: 'sort by this column; -COLUMN or COLUMN:desc for descending', helpValue: 'COLUMN[:desc]'}),
}

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

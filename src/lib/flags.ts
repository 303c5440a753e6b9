import {Flags} from '@oclif/core'

import {ValidationError} from './errors.js'
import {herokuGitRemotes} from './git-remotes.js'

/** `--remote/-r`, as in every Heroku command. */
export const remote = Flags.string({char: 'r', description: 'git remote of app to use'})

/** `--app/-a`, as in every Heroku command: the flag, else HEROKU_APP, else the one Heroku git remote. */
export const app = Flags.custom<string>({
  char: 'a',
  async default({flags, options}) {
    if (process.env.HEROKU_APP) return process.env.HEROKU_APP
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
})

/** --columns, --sort, --filter, --csv for the commands that print tables. */
export const tableFlags = {
  columns: Flags.string({description: 'only these columns, comma-separated (see the column names in the help)'}),
  csv: Flags.boolean({description: 'print CSV instead of a table', exclusive: ['json']}),
  filter: Flags.string({description: 'keep rows whose COLUMN contains TEXT (case-insensitive); repeatable', helpValue: 'COLUMN=TEXT', multiple: true}),
  sort: Flags.string({description: 'sort by this column; prefix with - for descending', helpValue: '[-]COLUMN'}),
}

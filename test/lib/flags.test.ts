import {Command, Config, Flags} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, realpathSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

// Loaded the way the commands load them (dynamic import), so that there is one instance of each module.
type FlagsModule = typeof import('../../src/lib/flags.js')
type ErrorsModule = typeof import('../../src/lib/errors.js')
type BaseCommandModule = typeof import('../../src/lib/base-command.js')

interface Run {
  error?: Error
  result?: unknown
}

let config: Config
let flags: FlagsModule
let errors: ErrorsModule
let base: BaseCommandModule

/** A test-only command with `--app` (optional or required) and `--remote`, returning the parsed flags. */
async function parse(argv: string[], options: {required?: boolean} = {}): Promise<Run> {
  const {app, remote} = flags
  class AppCommand extends Command {
    static override flags = {app: app({required: options.required}), remote}

    async run() {
      const {flags: parsed} = await this.parse(AppCommand)
      return parsed
    }
  }

  const {error, result} = await captureOutput(() => AppCommand.run(argv, config))
  return {error, result}
}

/** A test-only BaseCommand with these flags, returning the parsed flags, or the error line and exit code. */
async function parseWith(definitions: Record<string, unknown>, argv: string[]): Promise<{exitCode: unknown; result?: unknown; stderr: string}> {
  class FlagCommand extends base.BaseCommand {
    static override flags = definitions as typeof base.BaseCommand.flags

    async run() {
      return (await this.parse(FlagCommand)).flags
    }
  }

  const {result, stderr} = await captureOutput(() => FlagCommand.run(argv, config), {testNodeEnv: 'production'})
  const {exitCode} = process
  process.exitCode = undefined
  return {exitCode, result, stderr}
}

/** The flags whose values are parsed into numbers, zones and weeks. */
function parsedFlags() {
  return {
    concurrency: flags.concurrency,
    num: flags.historyLimit,
    'rate-limit-reserve': flags.rateLimitReserve,
    tz: flags.windowZone,
    ...flags.scheduleFlags,
  }
}

/** A test-only BaseCommand with the table flags, returning the parsed flags (or a JSON error under --json). */
async function parseTable(argv: string[]): Promise<{exitCode: unknown; result?: unknown; stdout: string}> {
  class TableCommand extends base.BaseCommand {
    static override flags = {...flags.tableFlags, other: Flags.string()}

    async run() {
      return (await this.parse(TableCommand)).flags
    }
  }

  const {result, stdout} = await captureOutput(() => TableCommand.run(argv, config), {testNodeEnv: 'production'})
  const {exitCode} = process
  process.exitCode = undefined
  return {exitCode, result, stdout}
}

describe('flags', () => {
  let savedApp: string | undefined

  before(async () => {
    config = await Config.load({ignoreManifest: true, root})
    flags = await import('../../src/lib/flags.js')
    errors = await import('../../src/lib/errors.js')
    base = await import('../../src/lib/base-command.js')
  })

  beforeEach(() => {
    savedApp = process.env.HEROKU_APP
    delete process.env.HEROKU_APP
  })

  afterEach(() => {
    if (savedApp === undefined) delete process.env.HEROKU_APP
    else process.env.HEROKU_APP = savedApp
  })

  describe('--app default', () => {
    it('uses --app when given', async () => {
      process.env.HEROKU_APP = 'env-app'
      expect((await parse(['--app', 'flag-app'])).result).to.deep.equal({app: 'flag-app'})
      expect((await parse(['-a', 'flag-app'])).result).to.deep.equal({app: 'flag-app'})
    })

    it('uses HEROKU_APP', async () => {
      process.env.HEROKU_APP = 'env-app'
      expect((await parse([], {required: true})).result).to.deep.equal({app: 'env-app'})
    })

    describe('from git remotes', () => {
      let cwd: string
      let repo: string

      function git(...args: string[]): void {
        execFileSync('git', args, {cwd: repo, stdio: 'ignore'})
      }

      beforeEach(() => {
        cwd = process.cwd()
        repo = realpathSync(mkdtempSync(join(tmpdir(), 'hdm-flags-git-')))
        git('init', '-q')
        process.chdir(repo)
      })

      afterEach(() => {
        process.chdir(cwd)
        rmSync(repo, {force: true, recursive: true})
      })

      it('uses the one Heroku remote', async () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        git('remote', 'add', 'origin', 'git@github.com:acme/my-app.git')
        expect((await parse([], {required: true})).result).to.deep.equal({app: 'my-app'})
      })

      it('prefers HEROKU_APP to the git remote', async () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        process.env.HEROKU_APP = 'env-app'
        expect((await parse([])).result).to.deep.equal({app: 'env-app'})
      })

      it('leaves the app unset without a Heroku remote', async () => {
        git('remote', 'add', 'origin', 'git@github.com:acme/my-app.git')
        expect((await parse([])).result).to.deep.equal({})
      })

      it('refuses a required app when nothing names one', async () => {
        git('remote', 'add', 'origin', 'git@github.com:acme/my-app.git')
        const {error} = await parse([], {required: true})
        expect(error).to.be.instanceOf(errors.ValidationError)
        expect(error?.message).to.equal('No app given: pass --app APP (or set HEROKU_APP, or run inside a git checkout with one Heroku remote).')
      })

      it('leaves the app unset with several Heroku remotes when the app is optional', async () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        git('remote', 'add', 'staging', 'git@heroku.com:my-app-staging.git')
        expect((await parse([])).result).to.deep.equal({})
      })

      it('refuses several Heroku remotes when the app is required, naming them', async () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        git('remote', 'add', 'staging', 'git@heroku.com:my-app-staging.git')
        const {error} = await parse([], {required: true})
        expect(error).to.be.instanceOf(errors.ValidationError)
        expect(error?.message).to.equal('Several Heroku apps in git remotes: my-app (heroku), my-app-staging (staging). Choose one with --app or --remote.')
      })

      it('offers --all where the command has a fleet view, naming the several remotes', () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        git('remote', 'add', 'staging', 'git@heroku.com:my-app-staging.git')
        const several = 'Several Heroku apps in git remotes: my-app (heroku), my-app-staging (staging).'
        expect(flags.missingAppMessage({all: true})).to.equal(`${several} Choose one with --app or --remote, or pass --all to list every app you can access.`)
        let refusal: unknown
        try {
          flags.wantsFleetView({all: false}, [])
        } catch (error) {
          refusal = error
        }

        expect(refusal).to.be.instanceOf(errors.ValidationError)
        expect((refusal as Error).message).to.equal(`${several} Choose one with --app or --remote, or pass --all to list every app you can access.`)
        expect(flags.wantsFleetView({all: true}, [])).to.equal(true)
        expect(flags.wantsFleetView({all: false, app: 'my-app'}, [])).to.equal(false)
      })

      it('picks the remote named by --remote', async () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        git('remote', 'add', 'staging', 'git@heroku.com:my-app-staging.git')
        expect((await parse(['--remote', 'staging'], {required: true})).result).to.deep.equal({app: 'my-app-staging', remote: 'staging'})
        expect((await parse(['-r', 'heroku'])).result).to.deep.equal({app: 'my-app', remote: 'heroku'})
      })

      it('picks the remote named by the heroku.remote git config', async () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        git('remote', 'add', 'staging', 'git@heroku.com:my-app-staging.git')
        git('config', 'heroku.remote', 'staging')
        expect((await parse([], {required: true})).result).to.deep.equal({app: 'my-app-staging'})
      })

      it('refuses a --remote that is not a Heroku git remote', async () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        git('remote', 'add', 'origin', 'git@github.com:acme/my-app.git')
        for (const name of ['nope', 'origin']) {
          const {error} = await parse(['--remote', name])
          expect(error).to.be.instanceOf(errors.ValidationError)
          expect(error?.message).to.equal(`remote ${name} not found in git remotes`)
        }
      })

      it('exits 1 with one line when a BaseCommand cannot choose the app', async () => {
        git('remote', 'add', 'heroku', 'https://git.heroku.com/my-app.git')
        git('remote', 'add', 'staging', 'git@heroku.com:my-app-staging.git')
        const {app} = flags
        class RequiredAppCommand extends base.BaseCommand {
          static override flags = {app: app({required: true})}

          async run() {
            return (await this.parse(RequiredAppCommand)).flags
          }
        }

        const {stderr} = await captureOutput(() => RequiredAppCommand.run([], config), {testNodeEnv: 'production'})
        expect(process.exitCode).to.equal(1)
        process.exitCode = undefined
        expect(stderr).to.equal('Error: Several Heroku apps in git remotes: my-app (heroku), my-app-staging (staging). Choose one with --app or --remote.\n')
      })
    })

    it('leaves the app unset outside a git repository, and refuses --remote there', async () => {
      const cwd = process.cwd()
      const empty = mkdtempSync(join(tmpdir(), 'hdm-flags-nogit-'))
      // git must not find a repository above the temp dir either.
      const savedCeiling = process.env.GIT_CEILING_DIRECTORIES
      process.env.GIT_CEILING_DIRECTORIES = tmpdir()
      process.chdir(empty)
      try {
        expect((await parse([])).result).to.deep.equal({})
        expect((await parse(['-r', 'heroku'])).error?.message).to.equal('remote heroku not found in git remotes')
      } finally {
        process.chdir(cwd)
        if (savedCeiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES
        else process.env.GIT_CEILING_DIRECTORIES = savedCeiling
        rmSync(empty, {force: true, recursive: true})
      }
    })
  })

  describe('--tz and displayZone', () => {
    it('parses --tz as a string', async () => {
      class ZoneCommand extends Command {
        static override flags = {tz: flags.tz}

        async run() {
          return (await this.parse(ZoneCommand)).flags
        }
      }

      expect((await captureOutput(() => ZoneCommand.run(['--tz', 'Europe/Berlin'], config))).result).to.deep.equal({tz: 'Europe/Berlin'})
    })

    const cases: Array<[string, string | undefined, Record<string, string>, string]> = [
      ['--tz wins over TZ', 'Asia/Tokyo', {TZ: 'Europe/Berlin'}, 'Asia/Tokyo'],
      ['--tz UTC', 'UTC', {TZ: 'Europe/Berlin'}, 'UTC'],
      ['TZ when it names an IANA zone', undefined, {TZ: ' Europe/Berlin '}, 'Europe/Berlin'],
      ['UTC for a system TZ value', undefined, {TZ: ':/etc/localtime'}, 'UTC'],
      ['UTC for an unknown TZ', undefined, {TZ: 'Mars/Olympus'}, 'UTC'],
      ['UTC without TZ', undefined, {}, 'UTC'],
    ]
    for (const [what, flag, env, zone] of cases) {
      it(`displayZone: ${what}`, () => {
        expect(flags.displayZone(flag, env)).to.equal(zone)
      })
    }

    it('--tz refuses an unknown zone as a usage error while the command line is parsed', async () => {
      const {exitCode, result, stderr} = await parseWith({tz: flags.tz}, ['--tz', 'Mars/Olympus'])
      expect(result).to.equal(undefined)
      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: Unknown time zone "Mars/Olympus" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.\n')
    })

    it('displayZone reads process.env by default', () => {
      const saved = process.env.TZ
      try {
        process.env.TZ = 'America/New_York'
        const parsed: {tz?: string} = {}
        expect(flags.displayZone(parsed.tz)).to.equal('America/New_York')
      } finally {
        if (saved === undefined) delete process.env.TZ
        else process.env.TZ = saved
      }
    })
  })

  describe('flags whose values are parsed (Flags.custom)', () => {
    it('gives the parsed values', async () => {
      const {result} = await parseWith(parsedFlags(), ['--concurrency', ' 16 ', '-n', '20', '--rate-limit-reserve', '0', '--tz', 'Europe/Berlin', '--weeks=-3', '--week', '2026-W50'])
      const {week, ...rest} = result as {week: {text: string; weekStart: {toISO(): string}}}
      expect(rest).to.deep.equal({concurrency: 16, num: 20, 'rate-limit-reserve': 0, tz: 'Europe/Berlin', weeks: -3})
      expect({text: week.text, weekStart: week.weekStart.toISO()}).to.deep.equal({text: '2026-W50', weekStart: '2026-12-07T00:00:00.000Z'})
    })

    it('leaves a flag that is not given undefined (the command applies its default)', async () => {
      expect((await parseWith(parsedFlags(), [])).result).to.deep.equal({})
    })

    const refusals: Array<[string[], string]> = [
      [['--concurrency', '0'], '--concurrency "0" is not valid: give a whole number from 1 to 32.'],
      [['--rate-limit-reserve', '4501'], '--rate-limit-reserve "4501" is not valid: give a whole number of requests from 0 to 4500.'],
      [['-n', '21'], '--num "21" is not valid: give a whole number from 1 to 20.'],
      [['--weeks', '13'], '--weeks "13" is not valid: give a whole number of weeks from -12 to 12 other than 0 (negative moves it earlier).'],
      [['--week', 'soon'], '--week "soon" is not valid: give an ISO date (2026-12-07) or an ISO week (2026-W50).'],
      [['--tz', 'Nowhere'], 'Unknown time zone "Nowhere" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.'],
    ]
    for (const [argv, message] of refusals) {
      it(`refuses ${argv.join(' ')} with one line, exit 1`, async () => {
        const {exitCode, result, stderr} = await parseWith(parsedFlags(), argv)
        expect(result).to.equal(undefined)
        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(`Error: ${message}\n`)
      })
    }
  })

  describe('tableFlags', () => {
    it('reads --columns, --sort and repeated --filter', async () => {
      const {result} = await parseTable(['--columns', 'name,status', '--sort', '-status', '--filter', 'status=ready', '--filter', 'name=redis'])
      expect(result).to.deep.equal({columns: 'name,status', filter: ['status=ready', 'name=redis'], sort: 'status:desc'})
    })

    it('reads --csv', async () => {
      expect((await parseTable(['--csv'])).result).to.deep.equal({csv: true})
    })

    it('refuses --csv with --json', async () => {
      const {exitCode, stdout} = await parseTable(['--csv', '--json'])
      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout)).to.deep.equal({
        error: {exit_code: 1, id: 'invalid_input', message: 'The following error occurred: --json=true cannot also be provided when using --csv'},
      })
    })
  })
})

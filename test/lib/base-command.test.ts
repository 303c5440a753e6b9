import {Args, Config, Flags, ux} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {expect} from 'chai'
import nock from 'nock'
import {fileURLToPath} from 'node:url'

import {type CommandDependencies, normalizeDescendingSort, unquotedTimeHint} from '../../src/lib/base-command.js'
import {platformApi} from '../helpers/api.js'
import {anApp} from '../helpers/fixtures.js'
import {TEST_TOKEN} from '../helpers/setup.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

const FAILURES = ['api', 'bug', 'echo', 'exit', 'progress', 'request', 'secret', 'spinner', 'timeout', 'validation'] as const

interface Outcome {
  exitCode: number
  result?: unknown
  stderr: string
  stdout: string
}

let config: Config
type ProbeClass = (new (argv: string[], config: Config) => {dependencies: Partial<CommandDependencies>}) & {run(argv: string[], config: Config): Promise<unknown>}
let ProbeCommand: ProbeClass

/**
 * A test-only command on BaseCommand. Loaded with dynamic imports, as the commands are, so that the
 * errors it throws and the API clients it builds come from the same module instances as BaseCommand's.
 */
async function defineProbe() {
  const {BaseCommand} = await import('../../src/lib/base-command.js')
  const {ApiError, ValidationError, WaitTimeoutError} = await import('../../src/lib/errors.js')

  return class Probe extends BaseCommand {
    static override args = {addon: Args.string({description: 'add-on name', required: true})}
    static override flags = {
      do: Flags.string({options: FAILURES}),
      weeks: Flags.integer({max: 4}),
    }

    async run(): Promise<{addon: string; app?: string}> {
      const {args, flags} = await this.parse(Probe)
      switch (flags.do) {
      case 'api': {
        throw new ApiError({id: 'not_found', message: 'Couldn\'t find that add-on. (404 Not Found)', method: 'GET', path: '/x', status: 404})
      }

      case 'bug': {
        throw new TypeError('Cannot read properties of undefined (reading \'name\')')
      }

      case 'echo': {
        // An API that echoes the token inside data the command prints.
        this.log(`reason: Bearer ${TEST_TOKEN}`)
        return {addon: `${args.addon} Bearer ${TEST_TOKEN}`}
      }

      case 'exit': {
        this.exit(3)
        break
      }

      case 'progress': {
        this.progress(`Using token ${TEST_TOKEN}...`)
        break
      }

      case 'request': {
        const {platform} = await this.apis()
        const app = await platform.getApp('example-app')
        // A second call reuses the clients built by the first.
        if ((await this.apis()).platform !== platform) throw new Error('apis() built new clients')
        this.log(`app ${app.name}`)
        return {addon: args.addon, app: app.name}
      }

      case 'secret': {
        throw new ValidationError(`The key ${TEST_TOKEN} is not allowed here.`)
      }

      case 'spinner': {
        ux.action.start('Fetching maintenance')
        throw new ValidationError('Add-on nope was not found.')
      }

      case 'timeout': {
        throw new WaitTimeoutError('Gave up waiting after 30m.')
      }

      case 'validation': {
        throw new ValidationError('ADDON "x::" is not valid.')
      }
      }

      this.log(`addon ${args.addon}`)
      return {addon: args.addon}
    }
  }
}

async function probe(argv: string[], dependencies?: Partial<CommandDependencies>): Promise<Outcome> {
  const Probe = dependencies
    ? class extends ProbeCommand {
      constructor(args: string[], probeConfig: Config) {
        super(args, probeConfig)
        this.dependencies = dependencies ?? {}
      }
    }
    : ProbeCommand
  // 'production' as for a user: oclif adds development-only warnings to stderr otherwise.
  const {error, result, stderr, stdout} = await captureOutput(() => Probe.run(argv, config), {testNodeEnv: 'production'})
  const oclifExit = (error as undefined | {oclif?: {exit?: number}})?.oclif?.exit
  const exitCode = oclifExit ?? (typeof process.exitCode === 'number' ? process.exitCode : (error ? 1 : 0))
  process.exitCode = undefined
  return {exitCode, result, stderr, stdout}
}

describe('base-command BaseCommand', () => {
  before(async () => {
    config = await Config.load({ignoreManifest: true, root})
    ProbeCommand = await defineProbe()
  })

  describe('success', () => {
    it('prints human output and returns the result, exit 0', async () => {
      expect(await probe(['redis-1'])).to.deep.equal({exitCode: 0, result: {addon: 'redis-1'}, stderr: '', stdout: 'addon redis-1\n'})
    })

    it('redacts the token in data output, human and JSON', async () => {
      const human = await probe(['redis-1', '--do', 'echo'])
      expect(human.stdout).to.equal('reason: Bearer [REDACTED]\n')
      const json = await probe(['redis-1', '--do', 'echo', '--json'])
      expect(JSON.parse(json.stdout)).to.deep.equal({addon: 'redis-1 Bearer [REDACTED]'})
    })

    it('prints only the result as JSON with --json', async () => {
      const {exitCode, stdout} = await probe(['redis-1', '--json'])
      expect(exitCode).to.equal(0)
      expect(JSON.parse(stdout)).to.deep.equal({addon: 'redis-1'})
    })
  })

  describe('errors, one line on stderr with a stable exit code', () => {
    const cases: Array<[string, string[], number, string]> = [
      ['a ValidationError', ['x', '--do', 'validation'], 1, 'Error: ADDON "x::" is not valid.\n'],
      ['an ApiError', ['x', '--do', 'api'], 2, 'Error: Couldn\'t find that add-on. (404 Not Found)\n'],
      ['a WaitTimeoutError', ['x', '--do', 'timeout'], 3, 'Error: Gave up waiting after 30m.\n'],
      ['an unexpected error', ['x', '--do', 'bug'], 2, 'Error: Cannot read properties of undefined (reading \'name\')\n'],
      ['an unknown flag', ['x', '--bogus'], 1, 'Error: Nonexistent flag: --bogus\n'],
      ['an unexpected argument', ['x', 'y'], 1, 'Error: Unexpected argument: y\n'],
      ['a bad option value', ['x', '--do', 'dance'], 1, `Error: Expected --do=dance to be one of: ${FAILURES.join(', ')}\n`],
      ['a value over its maximum (a two-line message, joined)', ['x', '--weeks', '9'], 1, 'Error: --weeks: Expected an integer less than or equal to 4 but received: 9\n'],
      ['a value that is not a number', ['x', '--weeks', 'abc'], 1, 'Error: --weeks: Expected an integer but received: abc\n'],
    ]
    for (const [what, argv, exitCode, stderr] of cases) {
      it(`${what}: exit ${exitCode}`, async () => {
        const outcome = await probe(argv)
        expect(outcome.exitCode).to.equal(exitCode)
        expect(outcome.stderr).to.equal(stderr)

        expect(outcome.stdout).to.equal('')
      })
    }

    it('joins a multi-line parse message (missing argument) into one line, without the help hint', async () => {
      const {exitCode, stderr} = await probe([])
      expect(exitCode).to.equal(1)
      expect(stderr).to.match(/^Error: Missing 1 required arg: addon +add-on name\n$/)
    })

    it('ends with an exit error that any copy of oclif\'s handler leaves unprinted (a host CLI has its own copy)', async () => {
      const {error} = await captureOutput(() => ProbeCommand.run(['x', '--do', 'validation'], config), {testNodeEnv: 'production'})
      process.exitCode = undefined
      expect(error).to.deep.include({code: 'EEXIT', skipOclifErrorHandling: true})
    })

    it('lets this.exit() through with its code and no message', async () => {
      expect(await probe(['x', '--do', 'exit'])).to.deep.include({exitCode: 3, stderr: '', stdout: ''})
    })

    it('stops a running spinner with "failed" before the error line', async () => {
      const {exitCode, stderr} = await probe(['x', '--do', 'spinner'])
      expect(exitCode).to.equal(1)
      expect(ux.action.running).to.equal(false)
      expect(stderr).to.match(/failed\nError: Add-on nope was not found\.\n$/)
    })

    it('never shows HEROKU_API_KEY in an error message', async () => {
      const {exitCode, stderr} = await probe(['x', '--do', 'secret'])
      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: The key [REDACTED] is not allowed here.\n')
    })

    it('never shows HEROKU_API_KEY in a parse error either', async () => {
      const {stderr} = await probe(['x', `--${TEST_TOKEN}`])
      expect(stderr).to.equal('Error: Nonexistent flag: --[REDACTED]\n')
    })
  })

  describe('errors under --json', () => {
    const cases: Array<[string, string[], {exit_code: number; id: string; message: string; status?: number}]> = [
      ['a ValidationError', ['x', '--do', 'validation', '--json'], {exit_code: 1, id: 'invalid_input', message: 'ADDON "x::" is not valid.'}],
      ['an ApiError, with its status', ['x', '--do', 'api', '--json'], {exit_code: 2, id: 'not_found', message: 'Couldn\'t find that add-on. (404 Not Found)', status: 404}],
      ['a WaitTimeoutError', ['x', '--do', 'timeout', '--json'], {exit_code: 3, id: 'wait_timeout', message: 'Gave up waiting after 30m.'}],
      ['an unexpected error', ['x', '--do', 'bug', '--json'], {exit_code: 2, id: 'error', message: 'Cannot read properties of undefined (reading \'name\')'}],
      ['a parse error', ['x', '--bogus', '--json'], {exit_code: 1, id: 'invalid_input', message: 'Nonexistent flag: --bogus'}],
      ['a redacted message', ['x', '--do', 'secret', '--json'], {exit_code: 1, id: 'invalid_input', message: 'The key [REDACTED] is not allowed here.'}],
    ]
    for (const [what, argv, error] of cases) {
      it(`${what}: {error: {exit_code, id, message${error.status ? ', status' : ''}}} on stdout, nothing on stderr`, async () => {
        const {exitCode, stderr, stdout} = await probe(argv)
        expect(exitCode).to.equal(error.exit_code)
        expect(JSON.parse(stdout)).to.deep.equal({error})
        expect(stderr).to.equal('')
      })
    }
  })

  describe('progress', () => {
    it('writes to stderr, redacting the token', async () => {
      const {stderr, stdout} = await probe(['x', '--do', 'progress'])
      expect(stderr).to.equal('Using token [REDACTED]...\n')
      expect(stdout).to.equal('addon x\n')
    })
  })

  describe('API clients and request debug lines', () => {
    let platform: nock.Scope
    const saved: Record<string, string | undefined> = {}

    beforeEach(() => {
      platform = platformApi()
      saved.DEBUG = process.env.DEBUG
      saved.HEROKU_DEBUG = process.env.HEROKU_DEBUG
      delete process.env.DEBUG
      delete process.env.HEROKU_DEBUG
    })

    afterEach(() => {
      platform.done()
      for (const name of ['DEBUG', 'HEROKU_DEBUG']) {
        if (saved[name] === undefined) delete process.env[name]
        else process.env[name] = saved[name]
      }
    })

    it('builds the clients once, sending the plugin\'s user agent', async () => {
      platform.get('/apps/example-app')
      .matchHeader('user-agent', `heroku-data-maintenance/${config.version} node-${process.version}`)
      .reply(200, anApp())
      const {exitCode, result, stderr, stdout} = await probe(['x', '--do', 'request'])
      expect({exitCode, result, stderr, stdout}).to.deep.equal({exitCode: 0, result: {addon: 'x', app: 'example-app'}, stderr: '', stdout: 'app example-app\n'})
    })

    const on: Array<Record<string, string>> = [
      {HEROKU_DEBUG: '1'},
      {HEROKU_DEBUG: 'true'},
      {DEBUG: 'heroku-data-maintenance*'},
      {DEBUG: 'heroku-data-maintenance:http'},
      {DEBUG: 'express,heroku-data-maintenance'},
      {DEBUG: '*'},
    ]
    for (const env of on) {
      it(`prints request lines on stderr with ${JSON.stringify(env)}, without the token`, async () => {
        Object.assign(process.env, env)
        platform.get('/apps/example-app').reply(200, anApp())
        const {stderr, stdout} = await probe(['x', '--do', 'request'])
        const lines = stderr.trimEnd().split('\n')
        expect(lines).to.have.length(2)
        expect(lines[0]).to.equal('heroku-data-maintenance → GET https://api.heroku.com/apps/example-app')
        expect(lines[1]).to.match(/^heroku-data-maintenance ← 200 GET https:\/\/api\.heroku\.com\/apps\/example-app \(\d+ ms\)$/)
        expect(stdout).to.equal('app example-app\n')
      })
    }

    const off: Array<Record<string, string>> = [{}, {HEROKU_DEBUG: '0'}, {HEROKU_DEBUG: 'false'}, {DEBUG: 'http,express'}]
    for (const env of off) {
      it(`prints no request lines with ${JSON.stringify(env)}`, async () => {
        Object.assign(process.env, env)
        platform.get('/apps/example-app').reply(200, anApp())
        expect((await probe(['x', '--do', 'request'])).stderr).to.equal('')
      })
    }

    it('builds the clients with the retry policy of its dependencies', async () => {
      platform.get('/apps/example-app').times(2).reply(503, {id: 'unavailable', message: 'Try again.'})
      platform.get('/apps/example-app').reply(200, anApp())
      const once = await probe(['x', '--do', 'request'], {api: {retry: {attempts: 2, baseDelayMs: 0, maxDelayMs: 0}}})
      expect([once.exitCode, once.stderr]).to.deep.equal([2, 'Error: Try again. (503 Service Unavailable)\n'])
      const again = await probe(['x', '--do', 'request'], {api: {retry: {attempts: 2, baseDelayMs: 0, maxDelayMs: 0}}})
      expect(again.result).to.deep.equal({addon: 'x', app: 'example-app'})
    })

    it('keeps the token out of debug lines and the error when the API echoes it', async () => {
      process.env.HEROKU_DEBUG = '1'
      platform.get('/apps/example-app').reply(401, function () {
        return {id: 'unauthorized', message: `Bad token: ${this.req.headers.authorization}`}
      })
      const {exitCode, stderr} = await probe(['x', '--do', 'request'])
      expect(exitCode).to.equal(2)
      expect(stderr).not.to.include(TEST_TOKEN)
      expect(stderr).to.include('Bearer [REDACTED]')
      expect(stderr.endsWith('Error: Bad token: Bearer [REDACTED] (401 Unauthorized)\n')).to.equal(true)
    })
  })
})

describe('base-command normalizeDescendingSort', () => {
  it('turns --sort -COLUMN (two items) and --sort=-COLUMN into COLUMN:desc, leaving the rest as it is', () => {
    expect(normalizeDescendingSort(['-a', 'x', '--sort', '-attachments', '--json'])).to.deep.equal(['-a', 'x', '--sort=attachments:desc', '--json'])
    expect(normalizeDescendingSort(['--sort=-required_by'])).to.deep.equal(['--sort=required_by:desc'])
    expect(normalizeDescendingSort(['--sort', 'addon', '-x'])).to.deep.equal(['--sort', 'addon', '-x'])
    expect(normalizeDescendingSort(['--sort', '--json'])).to.deep.equal(['--sort', '--json'])
  })

  it('leaves everything after -- alone', () => {
    expect(normalizeDescendingSort(['--', '--sort', '-addon'])).to.deep.equal(['--', '--sort', '-addon'])
  })
})

describe('base-command unquotedTimeHint', () => {
  it('adds a hint to quote a 12-hour time split into two arguments', () => {
    expect(unquotedTimeHint('Unexpected argument: PM', ['REDIS_URL', 'sunday', '2:30', 'PM'])).to.equal('Unexpected argument: PM. Quote a 12-hour time so that it is one argument: "2:30 PM" (or write 2:30pm).')
  })

  it('leaves other messages and arguments alone', () => {
    expect(unquotedTimeHint('Unexpected argument: extra', ['REDIS_URL', 'sunday', '2:30', 'extra'])).to.equal('Unexpected argument: extra')
    expect(unquotedTimeHint('Missing 1 required arg: time', ['REDIS_URL', 'sunday', 'PM'])).to.equal('Missing 1 required arg: time')
  })
})

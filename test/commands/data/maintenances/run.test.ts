import {expect} from 'chai'
import nock from 'nock'

import type {ConfirmPrompt} from '../../../../src/lib/maintenance/confirm-prompt.js'
import type {WaitRuntime} from '../../../../src/lib/maintenance/wait.js'

import {InterruptedError} from '../../../../src/lib/errors.js'
import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {aMaintenance, anAddon, anApp} from '../../../helpers/fixtures.js'
import {run as runCommand, type RunOptions} from '../../../helpers/run.js'
import {pausingRuntime} from '../../../helpers/wait.js'

const RUN_PATH = `${MAINTENANCES}/addon-id-1/run`
const INFO_PATH = `${MAINTENANCES}/addon-id-1`
const HISTORY_PATH = `${MAINTENANCES}/addon-id-1/history/`
/** What the API client adds to a failed POST or PATCH that may have taken effect. */
const NOT_RETRIED = 'It was sent once and not retried: check whether it took effect before trying again.'
const WAYS = 'pass --confirm example-app (or turn maintenance mode on first: heroku maintenance:on -a example-app)'
const NOT_IN_MAINTENANCE_MODE = `Maintenance on redis-lively-12345 restarts example-app, which is not in maintenance mode. To run it anyway, ${WAYS}.`

describe('data:maintenances:run', () => {
  let platform: nock.Scope
  let data: nock.Scope
  let runtime: WaitRuntime
  let prompt: ConfirmPrompt
  let asked: string[]
  let sleeps: number[]
  let unexpected: string[]
  let posts: Array<{body: string; path: string}>
  const noMatch = (request: {method: string; path: string}) => unexpected.push(`${request.method} ${request.path}`)

  /** The command with this test's clock, pauses and prompt. */
  const run = (argv: string[], options: RunOptions = {}) => runCommand(argv, {...options, dependencies: {prompt, runtime, ...options.dependencies}})

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
    sleeps = []
    unexpected = []
    posts = []
    runtime = pausingRuntime(sleeps)

    // No terminal unless a test says so: whatever runs the tests, nobody is there to answer.
    asked = []
    prompt = {
      async ask(question) {
        asked.push(question)
        return ''
      },
      interactive: () => false,
    }

    nock.emitter.on('no match', noMatch)
  })

  afterEach(() => {
    nock.emitter.off('no match', noMatch)
    expect(unexpected, 'requests nobody expected').to.deep.equal([])
    platform.done()
    data.done()
  })

  /** Resolve REDIS_URL on example-app, then read the app with this maintenance mode. */
  function expectApproval(maintenance: boolean, addon = anAddon()) {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [addon])
    platform.get('/apps/example-app').reply(200, anApp({maintenance}))
  }

  /** A terminal where the user types `answer` when asked. */
  function answering(answer: string) {
    prompt.interactive = () => true
    prompt.ask = async question => {
      asked.push(question)
      return answer
    }
  }

  /** Expects the maintenance read that checks it can run, then exactly one POST /run, recording what was sent. */
  function expectRun(status: number, answer: object) {
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'ready'}))
    data.post(RUN_PATH).reply((uri, body) => {
      posts.push({body: String(body), path: uri})
      return [status, answer]
    })
  }

  it('starts the maintenance while the app is in maintenance mode, without --confirm', async () => {
    expectApproval(true)
    expectRun(200, aMaintenance({started_at: '2026-11-27T18:00:02.000+00:00', status: 'running'}))

    const {exitCode, stderr, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '--app', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(posts).to.deep.equal([{body: '', path: RUN_PATH}])
    expect(stderr).to.equal('Starting maintenance for redis-lively-12345... done\n')
    expect(stdout).to.equal('Maintenance of redis-lively-12345: running, started 2026-11-27 18:00:02 UTC.\n')
  })

  it('starts it with --confirm naming the app when the app is not in maintenance mode', async () => {
    expectApproval(false)
    expectRun(200, aMaintenance({started_at: '2026-11-27T18:00:02.000+00:00', status: 'running'}))

    const {exitCode, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(posts).to.have.length(1)
    expect(stdout).to.equal('Maintenance of redis-lively-12345: running, started 2026-11-27 18:00:02 UTC.\n')
  })

  it('shows the message when the API answers only a message', async () => {
    expectApproval(true)
    expectRun(200, {message: 'Maintenance for redis-lively-12345 has started.'})

    const {exitCode, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal('Maintenance for redis-lively-12345 has started.\n')
  })

  it('prints the API answer unchanged with --json', async () => {
    const answer = {...aMaintenance({status: 'running'}), extra_field: 'kept'}
    expectApproval(true)
    expectRun(200, answer)

    const {exitCode, result, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal(answer)
    expect(result).to.deep.equal(answer)
  })

  describe('confirmation gate (nothing is posted)', () => {
    it('refuses without --confirm when the app is not in maintenance mode, naming the app that would confirm', async () => {
      expectApproval(false)

      const {exitCode, stderr, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal(`Error: ${NOT_IN_MAINTENANCE_MODE}\n`)
      expect(stdout).to.equal('')
      expect(asked, 'no terminal: never asks').to.deep.equal([])
      expect(unexpected, 'requests sent').to.deep.equal([])
    })

    it('refuses a --confirm that names another app, saying what was given and what is expected', async () => {
      expectApproval(false)

      const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', 'other-app'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: --confirm "other-app" does not match example-app, the app that maintenance on redis-lively-12345 restarts. To run it, pass --confirm example-app.\n')
      expect(unexpected, 'requests sent').to.deep.equal([])
    })

    it('refuses a wrong --confirm even while the app is in maintenance mode', async () => {
      expectApproval(true)

      const {exitCode} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', 'other-app'])

      expect(exitCode).to.equal(1)
      expect(unexpected, 'requests sent').to.deep.equal([])
    })

    it('refuses an empty --confirm before any request', async () => {
      const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', ''])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: --confirm is empty: pass the name of the app the add-on belongs to, e.g. --confirm example-app.\n')
      expect(unexpected, 'requests sent').to.deep.equal([])
    })

    it('gives a JSON error with --json', async () => {
      expectApproval(false)

      const {exitCode, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--json'])

      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout).error).to.deep.include({exit_code: 1, id: 'invalid_input'})
      expect(unexpected, 'requests sent').to.deep.equal([])
    })
  })

  describe('plans that cannot run maintenance manually (nothing is posted)', () => {
    it('refuses heroku-redis:mini before reading the app', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon({name: 'redis-tiny-1', plan: {name: 'heroku-redis:mini'}})])

      const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', 'example-app'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: redis-tiny-1 is on the heroku-redis:mini plan, which cannot run maintenance manually; only premium, private, shield plans can.\n')
      expect(unexpected, 'requests sent').to.deep.equal([])
    })

    it('refuses heroku-postgresql:essential-0', async () => {
      const postgres = anAddon({addon_service: {name: 'heroku-postgresql'}, config_vars: ['DATABASE_URL'], name: 'postgresql-shiny-1', plan: {name: 'heroku-postgresql:essential-0'}})
      expectResolve(platform, {addon: 'DATABASE', app: 'example-app'}, [postgres])

      const {exitCode, stderr} = await run(['data:maintenances:run', 'DATABASE', '-a', 'example-app', '--confirm', 'example-app'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: postgresql-shiny-1 is on the heroku-postgresql:essential-0 plan, which cannot run maintenance manually; only standard, premium, private, shield plans can.\n')
      expect(unexpected, 'requests sent').to.deep.equal([])
    })
  })

  it('names the candidates when the add-on is ambiguous, and posts nothing', async () => {
    expectResolve(platform, {addon: 'REDIS', app: null}, [
      anAddon({app: {id: 'a1', name: 'app-one'}, name: 'redis-one'}),
      anAddon({app: {id: 'a2', name: 'app-two'}, name: 'redis-two'}),
    ])

    const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS', '--confirm', 'app-one'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: Add-on REDIS is ambiguous: it matches redis-one (app app-one), redis-two (app app-two). Name one add-on, or pass --app.\n')
    expect(unexpected, 'requests sent').to.deep.equal([])
  })

  it('stops with exit 2 when the app cannot be read, and posts nothing', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    platform.get('/apps/example-app').reply(403, {id: 'forbidden', message: 'You do not have access to the app example-app.'})

    const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: You do not have access to the app example-app. (403 Forbidden)\n')
    expect(unexpected, 'requests sent').to.deep.equal([])
  })

  for (const [status, id, message, statusText] of [
    [401, 'unauthorized', 'Invalid credentials provided.', '401 Unauthorized'],
    [404, 'not_found', 'Maintenance not found.', '404 Not Found'],
    [422, 'invalid_params', 'Maintenance for redis-lively-12345 is already running.', '422 Unprocessable Entity'],
    [500, 'internal_server_error', 'Internal server error.', '500 Internal Server Error'],
  ] as const) {
    it(`shows the API's message for ${status} on the POST, sends it once, exits 2`, async () => {
      expectApproval(true)
      expectRun(status, {id, message})

      const {exitCode, stderr, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

      expect(exitCode).to.equal(2)
      expect(posts).to.have.length(1)
      expect(unexpected, 'a second POST').to.deep.equal([])
      // A server error on a POST may still have taken effect: the client says it was not retried.
      const hint = status >= 500 ? `. ${NOT_RETRIED}` : ''
      expect(stderr).to.equal(`Starting maintenance for redis-lively-12345... failed\nError: ${message} (${statusText})${hint}\n`)
      expect(stdout).to.equal('')
    })
  }

  for (const dryRun of [[], ['--dry-run']]) {
    it(`refuses an add-on with no maintenance (status none) and posts nothing ${dryRun.join(' ')}`, async () => {
      expectApproval(false)
      data.get(INFO_PATH).reply(200, aMaintenance({status: 'none'}))

      const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', 'example-app', ...dryRun])

      expect(exitCode).to.equal(1)
      expect(stderr).to.include('Error: redis-lively-12345 has no maintenance to run (status none): the service refuses to run it, so nothing was sent.')
      expect(posts).to.deep.equal([])
    })
  }

  it('does not send the POST again when the connection drops', async () => {
    expectApproval(true)
    // One interceptor: a second POST would be a 'no match' (see afterEach). nock 14 only delivers errors
    // that are Error instances; a plain {code: 'ECONNRESET'} object leaves the request hanging.
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'ready'}))
    data.post(RUN_PATH).replyWithError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}))

    const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    const hint = NOT_RETRIED
    expect(stderr).to.equal([
      'Starting maintenance for redis-lively-12345... failed',
      `Error: No answer from api.data.heroku.com for POST /data/maintenances/v1/addon-id-1/run (ECONNRESET). ${hint}`,
      '',
    ].join('\n'))
    expect(unexpected, 'a second POST').to.deep.equal([])
  })

  describe('flags that need --wait', () => {
    for (const argv of [['--timeout', '30m'], ['--interval', '10s']]) {
      it(`refuses ${argv[0]} without --wait before any request`, async () => {
        const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', 'example-app', ...argv])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(`Error: ${argv[0]} only applies with --wait (or --maintenance-mode): add --wait, or leave it out.\n`)
        expect(unexpected, 'requests sent').to.deep.equal([])
      })
    }

    it('refuses an interval under a second before any request', async () => {
      const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--wait', '--interval', '500ms'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: --interval "500ms" is too short: poll at most once a second (1s or more).\n')
      expect(unexpected, 'requests sent').to.deep.equal([])
    })
  })

  describe('--wait', () => {
    it('waits after the run until it completes, taking a ready answer as not started yet', async () => {
      expectApproval(true)
      expectRun(200, aMaintenance({scheduled_for: null, status: 'ready'}))
      data.get(INFO_PATH).reply(200, aMaintenance({scheduled_for: '2026-11-27T18:05:00.000+00:00', status: 'ready'}))
      data.get(INFO_PATH).reply(200, aMaintenance({started_at: '2026-11-27T18:00:07.000+00:00', status: 'running'}))
      data.get(INFO_PATH).reply(200, aMaintenance({completed_at: '2026-11-27T18:03:10.000+00:00', duration_seconds: '183', status: 'completed'}))

      const {exitCode, stderr, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--wait', '--interval', '10s'])

      expect(exitCode).to.equal(0)
      expect(posts).to.have.length(1)
      expect(sleeps).to.deep.equal([10_000, 10_000])
      expect(stdout).to.equal([
        'Maintenance of redis-lively-12345: ready.',
        'Maintenance of redis-lively-12345 completed at 2026-11-27 18:03:10 UTC (took ~ 3 minutes).',
        '',
      ].join('\n'))
      expect(stderr).to.equal([
        'Starting maintenance for redis-lively-12345... done',
        '2026-11-27 18:00:00 UTC (+0s) redis-lively-12345: ready, scheduled for 2026-11-27 18:05:00 UTC (in 5 minutes)',
        '2026-11-27 18:00:10 UTC (+10s) redis-lively-12345: running, started 2026-11-27 18:00:07 UTC',
        '2026-11-27 18:00:20 UTC (+20s) redis-lively-12345: completed',
        '',
      ].join('\n'))
    })

    describe('Ctrl-C (the host CLI\'s own SIGINT handler set aside meanwhile)', () => {
      const FOLLOW = 'heroku data:maintenances:wait redis-lively-12345 -a example-app'
      let hostHandlerCalls: number
      let before: unknown[]
      // What the Heroku CLI's telemetry installs: a handler that would exit 1 at once, printing nothing.
      const hostHandler = () => {
        hostHandlerCalls++
      }

      beforeEach(() => {
        hostHandlerCalls = 0
        before = process.listeners('SIGINT')
        process.on('SIGINT', hostHandler)
      })

      afterEach(() => {
        expect(process.listeners('SIGINT'), 'the handlers set aside are back, and no other').to.deep.equal([...before, hostHandler])
        process.off('SIGINT', hostHandler)
      })

      it('while waiting: exit 130, says the maintenance goes on and how to follow it, sends nothing more', async () => {
        expectApproval(true)
        expectRun(200, aMaintenance({status: 'running'}))
        data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
        runtime.sleep = async () => {
          process.emit('SIGINT')
        }

        const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--confirm', 'example-app', '--wait'])

        expect(exitCode).to.equal(130)
        expect(hostHandlerCalls).to.equal(0)
        expect(posts).to.have.length(1)
        expect(stderr.split('\n').slice(-2)).to.deep.equal([
          `Error: Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on: follow it again with ${FOLLOW}.`,
          '',
        ])
      })

      it('while the run POST is out: lets it finish, does not poll, exit 130 saying it started', async () => {
        expectApproval(true)
        data.get(INFO_PATH).reply(200, aMaintenance({status: 'ready'}))
        data.post(RUN_PATH).reply(() => {
          process.emit('SIGINT')
          return [200, aMaintenance({started_at: '2026-11-27T18:00:02.000+00:00', status: 'running'})]
        })

        const {exitCode, stderr, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--wait'])

        expect(exitCode).to.equal(130)
        expect(stdout).to.equal('Maintenance of redis-lively-12345: running, started 2026-11-27 18:00:02 UTC.\n')
        expect(stderr).to.equal(`Starting maintenance for redis-lively-12345... done\nError: Interrupted: maintenance of redis-lively-12345 was started and goes on: follow it with ${FOLLOW}.\n`)
      })

      it('while the add-on is resolved: reads no further, starts nothing, exit 130', async () => {
        platform.post('/actions/addons/resolve', {addon: 'REDIS_URL', app: 'example-app'}).reply(() => {
          process.emit('SIGINT')
          return [200, [anAddon()]]
        })
        platform.get('/apps/example-app').reply(200, anApp({maintenance: true}))
        data.get(INFO_PATH).reply(200, aMaintenance({status: 'ready'}))

        const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--wait'])

        expect(exitCode).to.equal(130)
        expect(hostHandlerCalls).to.equal(0)
        expect(posts).to.deep.equal([])
        expect(stderr).to.equal('Error: Interrupted: maintenance of redis-lively-12345 was not started.\n')
      })

      it('during a dry run: prints no preview, exit 130', async () => {
        expectApproval(true)
        data.get(INFO_PATH).reply(() => {
          process.emit('SIGINT')
          return [200, aMaintenance({status: 'ready'})]
        })
        data.get(HISTORY_PATH).query({limit: '20'}).reply(200, {maintenances: []})

        const {exitCode, stderr, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--dry-run'])

        expect(exitCode).to.equal(130)
        expect(stdout).to.equal('')
        expect(stderr).to.equal('Error: Interrupted: nothing was changed (a dry run sends only reads).\n')
      })

      it('before the run POST: starts nothing, exit 130', async () => {
        expectApproval(true)
        data.get(INFO_PATH).reply(() => {
          process.emit('SIGINT')
          return [200, aMaintenance({status: 'ready'})]
        })

        const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

        expect(exitCode).to.equal(130)
        expect(posts).to.deep.equal([])
        expect(stderr).to.equal('Error: Interrupted: maintenance of redis-lively-12345 was not started.\n')
      })
    })

    it('takes a first completed after the run as success', async () => {
      expectApproval(true)
      expectRun(200, aMaintenance({status: 'running'}))
      data.get(INFO_PATH).reply(200, aMaintenance({completed_at: '2026-11-27T18:03:10.000+00:00', status: 'completed'}))

      const {exitCode, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--wait'])

      expect(exitCode).to.equal(0)
      expect(sleeps).to.deep.equal([])
      expect(stdout).to.include('Maintenance of redis-lively-12345 completed at 2026-11-27 18:03:10 UTC.\n')
    })

    it('prints the final maintenance with --json', async () => {
      const done = {...aMaintenance({completed_at: '2026-11-27T18:03:10.000+00:00', status: 'completed'}), extra_field: 'kept'}
      expectApproval(true)
      expectRun(200, aMaintenance({status: 'running'}))
      data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
      data.get(INFO_PATH).reply(200, done)

      const {exitCode, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--wait', '--json'])

      expect(exitCode).to.equal(0)
      expect(JSON.parse(stdout)).to.deep.equal(done)
    })

    it('exits 3 when --timeout passes, naming the last status', async () => {
      expectApproval(true)
      expectRun(200, aMaintenance({status: 'running'}))
      data.get(INFO_PATH).times(3).reply(200, aMaintenance({status: 'running'}))

      const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--wait', '--timeout', '8s'])

      expect(exitCode).to.equal(3)
      expect(sleeps).to.deep.equal([5000, 3000])
      expect(stderr.split('\n').at(-2)).to.equal('Error: Timed out after 8s waiting for redis-lively-12345 to complete maintenance (last status running).')
    })

    it('exits 4 when the maintenance ends in a failure state', async () => {
      expectApproval(true)
      expectRun(200, aMaintenance({status: 'running'}))
      data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
      data.get(INFO_PATH).reply(200, aMaintenance({status: 'failed'}))

      const {exitCode, stderr, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--wait'])

      expect(exitCode).to.equal(4)
      expect(stderr.split('\n').at(-2)).to.equal('Error: Maintenance of redis-lively-12345 ended in status failed after 5s, not completed.')
      expect(stdout).to.equal('Maintenance of redis-lively-12345: running.\n')
    })
  })

  describe('asking at a terminal (no --confirm, app not in maintenance mode)', () => {
    const WARNING = 'Maintenance on redis-lively-12345 restarts example-app, which is not in maintenance mode.'
    const QUESTION = `${WARNING}\nTo start it now, type the app name (example-app); press Enter to cancel: `

    it('starts the maintenance once the app name is typed', async () => {
      answering('example-app')
      expectApproval(false)
      expectRun(200, aMaintenance({started_at: '2026-11-27T18:00:02.000+00:00', status: 'running'}))

      const {exitCode, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

      expect(exitCode).to.equal(0)
      expect(asked).to.deep.equal([QUESTION])
      expect(posts).to.deep.equal([{body: '', path: RUN_PATH}])
      expect(stdout).to.equal('Maintenance of redis-lively-12345: running, started 2026-11-27 18:00:02 UTC.\n')
    })

    for (const [answer, message] of [
      ['', 'Cancelled: maintenance on redis-lively-12345 was not started.'],
      ['example', '"example" does not match example-app: maintenance on redis-lively-12345 was not started.'],
    ] as const) {
      it(`refuses the answer ${JSON.stringify(answer)} with exit 1, and posts nothing`, async () => {
        answering(answer)
        expectApproval(false)

        const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

        expect(exitCode).to.equal(1)
        expect(asked).to.have.length(1)
        expect(stderr).to.equal(`Error: ${message}\n`)
        expect(posts).to.deep.equal([])
      })
    }

    it('does not ask while the app is in maintenance mode', async () => {
      answering('example-app')
      expectApproval(true)
      expectRun(200, aMaintenance({status: 'running'}))

      const {exitCode} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

      expect(exitCode).to.equal(0)
      expect(asked).to.deep.equal([])
    })
  })

  describe('--maintenance-mode', () => {
    const ARGV = ['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--maintenance-mode']
    const completed = aMaintenance({completed_at: '2026-11-27T18:03:10.000+00:00', duration_seconds: '183', status: 'completed'})
    let sent: string[]

    beforeEach(() => {
      sent = []
    })

    function expectPatch(status = 200, answer?: object) {
      platform.patch('/apps/example-app').reply((_uri, body) => {
        sent.push(`PATCH ${JSON.stringify(body)}`)
        return [status, answer ?? anApp({maintenance: (body as {maintenance: boolean}).maintenance})]
      })
    }

    function expectRunRecorded(status: number, answer: object) {
      data.post(RUN_PATH).reply(() => {
        sent.push('POST run')
        return [status, answer]
      })
    }

    function expectInfo(...answers: object[]) {
      for (const answer of answers) {
        data.get(INFO_PATH).reply(() => {
          sent.push('GET info')
          return [200, answer]
        })
      }
    }

    it('switches maintenance mode on, runs, waits, switches it off, and says how long it was on', async () => {
      expectApproval(false)
      expectInfo(aMaintenance())
      expectPatch()
      expectRunRecorded(200, aMaintenance({started_at: '2026-11-27T18:00:02.000+00:00', status: 'running'}))
      expectInfo(aMaintenance({started_at: '2026-11-27T18:00:02.000+00:00', status: 'running'}), completed)
      expectPatch()

      const {exitCode, stderr, stdout} = await run(ARGV)

      expect(exitCode).to.equal(0)
      expect(sent).to.deep.equal(['GET info', 'PATCH {"maintenance":true}', 'POST run', 'GET info', 'GET info', 'PATCH {"maintenance":false}'])
      expect(stderr).to.equal([
        'Enabling maintenance mode for example-app... done',
        'Starting maintenance for redis-lively-12345... done',
        '2026-11-27 18:00:00 UTC (+0s) redis-lively-12345: running, started 2026-11-27 18:00:02 UTC',
        '2026-11-27 18:00:05 UTC (+5s) redis-lively-12345: completed',
        'Disabling maintenance mode for example-app... done',
        'example-app was in maintenance mode for 5s.',
        '',
      ].join('\n'))
      expect(stdout).to.equal([
        'Maintenance of redis-lively-12345: running, started 2026-11-27 18:00:02 UTC.',
        'Maintenance of redis-lively-12345 completed at 2026-11-27 18:03:10 UTC (took ~ 3 minutes).',
        '',
      ].join('\n'))
    })

    it('prints the final maintenance and what was done to maintenance mode with --json', async () => {
      expectApproval(false)
      expectInfo(aMaintenance())
      expectPatch()
      expectRunRecorded(200, aMaintenance({status: 'running'}))
      expectInfo(aMaintenance({status: 'running'}), completed)
      expectPatch()

      const {exitCode, result, stdout} = await run([...ARGV, '--json', '--interval', '10s'])

      expect(exitCode).to.equal(0)
      expect(sleeps).to.deep.equal([10_000])
      const expected = {
        maintenance: completed,
        maintenance_mode: {app: 'example-app', seconds_in_maintenance_mode: 10, switched_off: true, switched_on: true, was_on: false},
      }
      expect(JSON.parse(stdout)).to.deep.equal(expected)
      expect(result).to.deep.equal(expected)
    })

    it('refuses an add-on with no maintenance before switching maintenance mode on, exit 1: the app is never taken down for nothing', async () => {
      expectApproval(false)
      expectInfo(aMaintenance({scheduled_for: null, status: 'none'}))

      const {exitCode, stderr, stdout} = await run(ARGV)

      expect(exitCode).to.equal(1)
      expect(sent).to.deep.equal(['GET info'])
      expect(stderr).to.equal('Error: redis-lively-12345 has no maintenance to run (status none): the service refuses to run it, so nothing was sent. See when one is due: heroku data:maintenances:info redis-lively-12345\n')
      expect(stdout).to.equal('')
    })

    it('leaves a maintenance mode that was already on alone (no PATCH)', async () => {
      expectApproval(true)
      expectInfo(aMaintenance())
      expectRunRecorded(200, aMaintenance({status: 'running'}))
      expectInfo(completed)

      const {exitCode, result, stderr} = await run([...ARGV, '--json'])

      expect(exitCode).to.equal(0)
      expect(sent).to.deep.equal(['GET info', 'POST run', 'GET info'])
      expect(stderr.split('\n')[0]).to.equal('example-app is already in maintenance mode: it stays on after the maintenance.')
      expect((result as {maintenance_mode: object}).maintenance_mode).to.deep.equal({
        app: 'example-app', seconds_in_maintenance_mode: null, switched_off: false, switched_on: false, was_on: true,
      })
    })

    it('switches it back off when the run POST fails, exit 2', async () => {
      expectApproval(false)
      expectInfo(aMaintenance())
      expectPatch()
      expectRunRecorded(500, {id: 'internal_server_error', message: 'boom'})
      expectPatch()

      const {exitCode, stderr, stdout} = await run(ARGV)

      expect(exitCode).to.equal(2)
      expect(sent).to.deep.equal(['GET info', 'PATCH {"maintenance":true}', 'POST run', 'PATCH {"maintenance":false}'])
      const lines = stderr.split('\n')
      expect(lines.slice(0, 4)).to.deep.equal([
        'Enabling maintenance mode for example-app... done',
        'Starting maintenance for redis-lively-12345... failed',
        'Switching maintenance mode back off for example-app, as it was before... done',
        'example-app was in maintenance mode for 0s.',
      ])
      // The API client's own wording follows (a hint that the POST was not retried); this test owns only the start.
      expect(lines[4]).to.match(/^Error: boom \(500 Internal Server Error\)/)
      expect(lines.slice(5)).to.deep.equal([''])
      expect(stdout).to.equal('')
    })

    it('switches it back off when --timeout passes, exit 3 (no --wait needed)', async () => {
      expectApproval(false)
      expectInfo(aMaintenance())
      expectPatch()
      expectRunRecorded(200, aMaintenance({status: 'running'}))
      expectInfo(...Array.from({length: 3}, () => aMaintenance({status: 'running'})))
      expectPatch()

      const {exitCode, stderr} = await run([...ARGV, '--timeout', '8s'])

      expect(exitCode).to.equal(3)
      expect(sent.at(-1)).to.equal('PATCH {"maintenance":false}')
      expect(sent.filter(line => line.startsWith('PATCH'))).to.have.length(2)
      expect(stderr.split('\n').slice(-4)).to.deep.equal([
        'Switching maintenance mode back off for example-app, as it was before... done',
        'example-app was in maintenance mode for 8s.',
        'Error: Timed out after 8s waiting for redis-lively-12345 to complete maintenance (last status running). Maintenance mode of example-app is off again, but the failover of redis-lively-12345 may still be running: follow it with heroku data:maintenances:wait redis-lively-12345 -a example-app.',
        '',
      ])
    })

    it('switches it back off when the maintenance ends in a failure state, exit 4', async () => {
      expectApproval(false)
      expectInfo(aMaintenance())
      expectPatch()
      expectRunRecorded(200, aMaintenance({status: 'running'}))
      expectInfo(aMaintenance({status: 'running'}), aMaintenance({status: 'failed'}))
      expectPatch()

      const {exitCode} = await run(ARGV)

      expect(exitCode).to.equal(4)
      expect(sent).to.deep.equal(['GET info', 'PATCH {"maintenance":true}', 'POST run', 'GET info', 'GET info', 'PATCH {"maintenance":false}'])
    })

    it('switches it back off on Ctrl-C, exit 130, and removes its SIGINT handlers', async () => {
      const listeners = process.listenerCount('SIGINT')
      expectApproval(false)
      expectInfo(aMaintenance())
      expectPatch()
      expectRunRecorded(200, aMaintenance({status: 'running'}))
      expectInfo(aMaintenance({status: 'running'}))
      expectPatch()
      runtime.sleep = async (_ms, signal) => {
        process.emit('SIGINT')
        if (signal?.aborted) throw new InterruptedError()
      }

      const {exitCode, stderr} = await run(ARGV)

      expect(exitCode).to.equal(130)
      expect(sent).to.deep.equal(['GET info', 'PATCH {"maintenance":true}', 'POST run', 'GET info', 'PATCH {"maintenance":false}'])
      expect(process.listenerCount('SIGINT')).to.equal(listeners)
      expect(stderr.split('\n').slice(-4)).to.deep.equal([
        'Switching maintenance mode back off for example-app, as it was before... done',
        'example-app was in maintenance mode for 0s.',
        'Error: Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on. Maintenance mode of example-app is off again, but the failover of redis-lively-12345 may still be running: follow it with heroku data:maintenances:wait redis-lively-12345 -a example-app.',
        '',
      ])
    })

    it('says loudly when switching it off fails, with the command to run, and exits 2', async () => {
      expectApproval(false)
      expectInfo(aMaintenance())
      expectPatch()
      expectRunRecorded(200, aMaintenance({status: 'running'}))
      expectInfo(aMaintenance({status: 'running'}), completed)
      expectPatch(503, {id: 'unavailable', message: 'Service unavailable.'})

      const {exitCode, stderr} = await run(ARGV)

      expect(exitCode).to.equal(2)
      expect(sent.filter(line => line.startsWith('PATCH')), 'each PATCH once, even after a 503').to.deep.equal(['PATCH {"maintenance":true}', 'PATCH {"maintenance":false}'])
      const [failed, warning, yourself, error, end] = stderr.split('\n').slice(-5)
      expect(failed).to.equal('Disabling maintenance mode for example-app... failed')
      expect(warning.startsWith('!! example-app IS STILL IN MAINTENANCE MODE (for 5s so far): switching it off failed: Service unavailable. (503 Service Unavailable)'), warning).to.equal(true)
      expect(yourself).to.equal('!! Switch it off yourself now: heroku maintenance:off -a example-app')
      const stillOn = 'example-app is still in maintenance mode: run heroku maintenance:off -a example-app'
      expect(error.startsWith(`Error: Maintenance of redis-lively-12345 completed, but ${stillOn}. Switching it off failed: Service unavailable. (503 Service Unavailable)`), error).to.equal(true)
      expect(end).to.equal('')
    })

    it('refuses --confirm with it before any request, exit 1', async () => {
      const {exitCode, stderr} = await run([...ARGV, '--confirm', 'example-app'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: --confirm and --maintenance-mode were both given: use one of them (with --maintenance-mode the app is in maintenance mode, so no --confirm is needed).\n')
      expect(unexpected, 'requests sent').to.deep.equal([])
    })

    it('refuses a plan without manual maintenance before switching anything, exit 1', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon({plan: {name: 'heroku-redis:mini'}})])

      const {exitCode} = await run(ARGV)

      expect(exitCode).to.equal(1)
      expect(sent).to.deep.equal([])
    })
  })

  describe('--dry-run (reads only)', () => {
    const history = [
      aMaintenance({completed_at: '2026-09-04T18:04:20.191+00:00', duration_seconds: '186', status: 'completed'}),
      aMaintenance({completed_at: '2026-06-12T18:04:13.004+00:00', duration_seconds: '201', status: 'completed'}),
      aMaintenance({completed_at: '2026-03-20T18:04:15.000+00:00', duration_seconds: '174', status: 'completed'}),
    ]

    function expectReads(maintenance: boolean) {
      expectApproval(maintenance)
      data.get(INFO_PATH).reply(200, aMaintenance({status: 'ready'}))
      data.get(HISTORY_PATH).query({limit: '20'}).reply(200, {maintenances: history})
    }

    it('shows whether it would start now and the impact, and sends nothing that changes anything', async () => {
      expectReads(true)

      const {exitCode, stderr, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(0)
      expect(posts).to.deep.equal([])
      expect(stderr).to.equal('Dry run: nothing was changed (only reads were sent).\n')
      expect(stdout).to.equal([
        'action: run',
        'addon: redis-lively-12345',
        'app: example-app',
        'would_start_now: yes: it is ready, scheduled for 2026-11-27 18:00:00 UTC: it would start now',
        'confirm_gate: passes: example-app is in maintenance mode',
        'maintenance_mode: on (left on)',
        'would_wait: no',
        'method: failover',
        'required_by: 2026-12-03 08:54:02 UTC',
        'expected_duration: ~ 3 minutes (median of 3 completed maintenances; longest ~ 3 minutes)',
        '',
      ].join('\n'))
    })

    it('prints the dry-run shape with --json', async () => {
      expectReads(false)

      const {exitCode, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--dry-run', '--confirm', 'example-app', '--wait', '--json'])

      expect(exitCode).to.equal(0)
      expect(JSON.parse(stdout)).to.deep.equal({
        dry_run: true,
        addon: 'redis-lively-12345',
        app: 'example-app',
        action: 'run',
        outcome: {
          confirm_gate: {consent: 'confirmed', passes: true, reason: '--confirm names example-app'},
          current_status: 'ready',
          maintenance_mode: {on: false, would_switch_on_and_off: false},
          scheduled_for: '2026-11-27T18:00:00.000+00:00',
          would_start_now: true,
          would_wait: true,
          why: 'it is ready, scheduled for 2026-11-27 18:00:00 UTC: it would start now',
        },
        impact: {
          expected_duration_seconds: {longest: 201, median: 186, samples: 3},
          method: 'failover',
          required_by: '2026-12-03T08:54:02.518+00:00',
        },
      })
    })

    it('with --maintenance-mode, says it would switch the mode on and off, and switches nothing', async () => {
      expectReads(false)

      const {exitCode, result} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--dry-run', '--maintenance-mode', '--json'])

      expect(exitCode).to.equal(0)
      expect((result as {outcome: object}).outcome).to.deep.include({
        confirm_gate: {consent: 'maintenance_mode_flag', passes: true, reason: '--maintenance-mode switches example-app into maintenance mode for the run'},
        maintenance_mode: {on: false, would_switch_on_and_off: true},
        would_wait: true,
      })
    })

    it('reports a gate that would not pass (exit 0), and never asks, even at a terminal', async () => {
      prompt.interactive = () => true
      expectReads(false)

      const {exitCode, result} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--dry-run', '--json'])

      expect(exitCode).to.equal(0)
      expect(asked).to.deep.equal([])
      expect((result as {outcome: {confirm_gate: object; would_start_now: boolean}}).outcome).to.deep.include({
        confirm_gate: {
          consent: null,
          passes: false,
          reason: 'example-app is not in maintenance mode and no --confirm was given: at a terminal it asks you to type example-app; elsewhere it is refused',
        },
        would_start_now: false,
      })
    })

    it('says "no history" without completed maintenances', async () => {
      expectApproval(true)
      data.get(INFO_PATH).reply(200, aMaintenance({status: 'ready'}))
      data.get(HISTORY_PATH).query({limit: '20'}).reply(200, {maintenances: []})

      const {exitCode, stdout} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(0)
      expect(stdout.split('\n').at(-2)).to.equal('expected_duration: no history')
    })

    it('still refuses a plan without manual maintenance, exit 1', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon({plan: {name: 'heroku-redis:mini'}})])

      const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: redis-lively-12345 is on the heroku-redis:mini plan, which cannot run maintenance manually; only premium, private, shield plans can.\n')
    })

    it('still refuses a --confirm naming another app, exit 1', async () => {
      expectApproval(false)

      const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app', '--dry-run', '--confirm', 'other-app'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.match(/^Error: --confirm "other-app" does not match example-app/)
    })
  })
})


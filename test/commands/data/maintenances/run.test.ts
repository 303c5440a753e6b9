import {expect} from 'chai'
import nock from 'nock'

import type {WaitRuntime} from '../../../../src/lib/maintenance/wait.js'

import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {aMaintenance, anAddon, anApp} from '../../../helpers/fixtures.js'
import {run} from '../../../helpers/run.js'

const RUN_PATH = `${MAINTENANCES}/addon-id-1/run`
const INFO_PATH = `${MAINTENANCES}/addon-id-1`
const START = Date.parse('2026-11-27T18:00:00.000Z')

describe('data:maintenances:run', () => {
  let platform: nock.Scope
  let data: nock.Scope
  let runtime: WaitRuntime
  let original: WaitRuntime
  let sleeps: number[]
  let unexpected: string[]
  let posts: Array<{body: string; path: string}>
  const noMatch = (request: {method: string; path: string}) => unexpected.push(`${request.method} ${request.path}`)

  before(async () => {
    // Imported here so that it is the very module instance the command uses.
    ({waitRuntime: runtime} = await import('../../../../src/lib/maintenance/wait.js'))
    original = {...runtime}
  })

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
    sleeps = []
    unexpected = []
    posts = []
    let clock = START
    runtime.now = () => clock
    runtime.random = () => 0.5
    runtime.sleep = async ms => {
      sleeps.push(ms)
      clock += ms
    }

    nock.emitter.on('no match', noMatch)
  })

  afterEach(() => {
    nock.emitter.off('no match', noMatch)
    Object.assign(runtime, original)
    expect(unexpected, 'requests nobody expected').to.deep.equal([])
    platform.done()
    data.done()
  })

  /** Resolve REDIS_URL on example-app, then read the app with this maintenance mode. */
  function expectApproval(maintenance: boolean, addon = anAddon()) {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [addon])
    platform.get('/apps/example-app').reply(200, anApp({maintenance}))
  }

  /** Expects exactly one POST /run, recording what was sent. */
  function expectRun(status: number, answer: object) {
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
      const ways = 'pass --confirm example-app (or turn maintenance mode on first: heroku maintenance:on -a example-app)'
      expect(stderr).to.equal(`Error: Maintenance on redis-lively-12345 restarts example-app, which is not in maintenance mode. To run it anyway, ${ways}.\n`)
      expect(stdout).to.equal('')
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
      expect(stderr).to.equal(`Starting maintenance for redis-lively-12345... failed\nError: ${message} (${statusText})\n`)
      expect(stdout).to.equal('')
    })
  }

  it('does not send the POST again when the connection drops', async () => {
    expectApproval(true)
    // One interceptor: a second POST would be a 'no match' (see afterEach). nock 14 only delivers errors
    // that are Error instances; a plain {code: 'ECONNRESET'} object leaves the request hanging.
    data.post(RUN_PATH).replyWithError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}))

    const {exitCode, stderr} = await run(['data:maintenances:run', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    const hint = 'It was not retried: check the result (e.g. with data:maintenances:info) before trying again.'
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
        expect(stderr).to.equal(`Error: ${argv[0]} only applies with --wait: add --wait, or leave it out.\n`)
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
})

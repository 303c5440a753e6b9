import {expect} from 'chai'
import nock from 'nock'

import type {WaitRuntime} from '../../../../src/lib/maintenance/wait.js'

import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {aMaintenance, anAddon} from '../../../helpers/fixtures.js'
import {run as runCommand, type RunOptions} from '../../../helpers/run.js'
import {pausingRuntime} from '../../../helpers/wait.js'

const INFO_PATH = `${MAINTENANCES}/addon-id-1`
const ARGV = ['data:maintenances:wait', 'REDIS_URL', '--app', 'example-app']

describe('data:maintenances:wait', () => {
  let platform: nock.Scope
  let data: nock.Scope
  let runtime: WaitRuntime
  let sleeps: number[]
  let unexpected: string[]
  const noMatch = (request: {method: string; path: string}) => unexpected.push(`${request.method} ${request.path}`)

  /** The command with this test's clock and pauses. */
  const run = (argv: string[], options: RunOptions = {}) => runCommand(argv, {...options, dependencies: {runtime, ...options.dependencies}})

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
    sleeps = []
    unexpected = []
    runtime = pausingRuntime(sleeps)

    nock.emitter.on('no match', noMatch)
  })

  afterEach(() => {
    nock.emitter.off('no match', noMatch)
    expect(unexpected, 'requests nobody expected').to.deep.equal([])
    platform.done()
    data.done()
  })

  function expectResolved() {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
  }

  it('follows ready → running → completed, one stderr line per change, and exits 0', async () => {
    expectResolved()
    data.get(INFO_PATH).reply(200, aMaintenance({scheduled_for: '2026-11-27T18:05:00.000+00:00', status: 'ready'}))
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'ready'}))
    data.get(INFO_PATH).times(2).reply(200, aMaintenance({started_at: '2026-11-27T18:05:02.000+00:00', status: 'running'}))
    data.get(INFO_PATH).reply(200, aMaintenance({completed_at: '2026-11-27T18:08:05.000+00:00', duration_seconds: '183', status: 'completed'}))

    const {exitCode, stderr, stdout} = await run(ARGV)

    expect(exitCode).to.equal(0)
    expect(sleeps).to.deep.equal([5000, 5000, 5000, 5000])
    expect(stderr).to.equal([
      '2026-11-27 18:00:00 UTC (+0s) redis-lively-12345: ready, scheduled for 2026-11-27 18:05:00 UTC (in 5 minutes)',
      '2026-11-27 18:00:10 UTC (+10s) redis-lively-12345: running, started 2026-11-27 18:05:02 UTC',
      '2026-11-27 18:00:20 UTC (+20s) redis-lively-12345: completed',
      '',
    ].join('\n'))
    expect(stdout).to.equal('Maintenance of redis-lively-12345 completed at 2026-11-27 18:08:05 UTC (took ~ 3 minutes).\n')
  })

  it('is not done while the maintenance goes ready → preparing → ready', async () => {
    expectResolved()
    for (const status of ['ready', 'preparing', 'ready', 'running', 'completed']) data.get(INFO_PATH).reply(200, aMaintenance({status}))

    const {exitCode, stderr} = await run(ARGV)

    expect(exitCode).to.equal(0)
    expect(stderr.trim().split('\n').map(line => line.split(': ')[1].split(',')[0])).to.deep.equal(['ready', 'preparing', 'ready', 'running', 'completed'])
  })

  it('prints the final maintenance with --json', async () => {
    const done = {...aMaintenance({completed_at: '2026-11-27T18:08:05.000+00:00', status: 'completed'}), extra_field: 'kept'}
    expectResolved()
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
    data.get(INFO_PATH).reply(200, done)

    const {exitCode, stdout} = await run([...ARGV, '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal(done)
  })

  it('polls at --interval', async () => {
    expectResolved()
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'completed'}))

    const {exitCode} = await run([...ARGV, '--interval', '30s'])

    expect(exitCode).to.equal(0)
    expect(sleeps).to.deep.equal([30_000])
  })

  describe('nothing to wait for (exit 0)', () => {
    it('says so when the last maintenance already completed', async () => {
      expectResolved()
      data.get(INFO_PATH).reply(200, aMaintenance({completed_at: '2023-04-28T18:04:21.141+00:00', status: 'completed'}))

      const {exitCode, stderr, stdout} = await run(ARGV)

      expect(exitCode).to.equal(0)
      expect(sleeps).to.deep.equal([])
      expect(stdout).to.equal('No maintenance in progress for redis-lively-12345: status completed at 2023-04-28 18:04:21 UTC, nothing to wait for.\n')
      expect(stderr).to.equal('2026-11-27 18:00:00 UTC (+0s) redis-lively-12345: completed\n')
    })

    it('says so when there is no maintenance', async () => {
      expectResolved()
      data.get(INFO_PATH).reply(200, aMaintenance({scheduled_for: null, status: 'none'}))

      const {exitCode, stdout} = await run(ARGV)

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal('No maintenance in progress for redis-lively-12345: status none, nothing to wait for.\n')
    })

    it('prints that maintenance as it is with --json', async () => {
      const none = aMaintenance({scheduled_for: null, status: 'none'})
      expectResolved()
      data.get(INFO_PATH).reply(200, none)

      const {exitCode, stdout} = await run([...ARGV, '--json'])

      expect(exitCode).to.equal(0)
      expect(JSON.parse(stdout)).to.deep.equal(none)
    })
  })

  it('exits 3 at --timeout, naming the last status', async () => {
    expectResolved()
    data.get(INFO_PATH).times(3).reply(200, aMaintenance({status: 'running'}))

    const {exitCode, stderr} = await run([...ARGV, '--timeout', '90s', '--interval', '60s'])

    expect(exitCode).to.equal(3)
    expect(sleeps).to.deep.equal([60_000, 30_000])
    expect(stderr.split('\n').at(-2)).to.equal('Error: Timed out after 1m 30s waiting for redis-lively-12345 to complete maintenance (last status running).')
  })

  it('gives a JSON error with exit code 3 under --json', async () => {
    expectResolved()
    data.get(INFO_PATH).times(2).reply(200, aMaintenance({status: 'ready'}))

    const {exitCode, stdout} = await run([...ARGV, '--timeout', '5s', '--json'])

    expect(exitCode).to.equal(3)
    expect(JSON.parse(stdout)).to.deep.equal({
      error: {exit_code: 3, id: 'wait_timeout', message: 'Timed out after 5s waiting for redis-lively-12345 to complete maintenance (last status ready).'},
    })
  })

  it('exits 4 when the maintenance ends in a state other than completed', async () => {
    expectResolved()
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'failed'}))

    const {exitCode, stderr, stdout} = await run(ARGV)

    expect(exitCode).to.equal(4)
    expect(stderr.split('\n').at(-2)).to.equal('Error: Maintenance of redis-lively-12345 ended in status failed after 5s, not completed.')
    expect(stdout).to.equal('')
  })

  it('rides out a poll that fails transiently and goes on', async () => {
    expectResolved()
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
    // One poll: ApiClient's own attempts all answer 503.
    data.get(INFO_PATH).times(3).reply(503, {id: 'unavailable', message: 'Service unavailable.'})
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'completed'}))

    const {exitCode, stderr} = await run(ARGV)

    expect(exitCode).to.equal(0)
    expect(sleeps).to.deep.equal([5000, 10_000])
    expect(stderr.split('\n')[1]).to.equal('2026-11-27 18:00:05 UTC (+5s) could not read the status (Service unavailable. (503 Service Unavailable)); trying again in 10s (failed poll 1 of 5)')
  })

  it('gives up with exit 2 and the API message after 5 failed polls in a row', async () => {
    expectResolved()
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
    data.get(INFO_PATH).times(5 * 3).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})

    const {exitCode, stderr} = await run(ARGV)

    expect(exitCode).to.equal(2)
    expect(stderr.split('\n').at(-2)).to.equal('Error: Internal server error. (500 Internal Server Error) Gave up waiting for redis-lively-12345 after 5 failed polls in a row.')
  })

  it('ends at once with exit 2 on a 404', async () => {
    expectResolved()
    data.get(INFO_PATH).reply(404, {id: 'not_found', message: 'Maintenance not found.'})

    const {exitCode, stderr} = await run(ARGV)

    expect(exitCode).to.equal(2)
    expect(sleeps).to.deep.equal([])
    expect(stderr).to.equal('Error: Maintenance not found. (404 Not Found)\n')
  })

  it('stops on Ctrl-C with exit 130, sends nothing more and removes its SIGINT handler', async () => {
    const listeners = process.listenerCount('SIGINT')
    let duringWait = 0
    expectResolved()
    data.get(INFO_PATH).reply(200, aMaintenance({status: 'running'}))
    runtime.sleep = async (_ms, signal) => {
      duringWait = process.listenerCount('SIGINT')
      process.emit('SIGINT')
      if (signal?.aborted) throw signal.reason
    }

    const {exitCode, stderr} = await run(ARGV)

    expect(exitCode).to.equal(130)
    expect(duringWait).to.equal(listeners + 1)
    expect(process.listenerCount('SIGINT')).to.equal(listeners)
    expect(stderr.split('\n').at(-2)).to.equal('Error: Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on: follow it again with heroku data:maintenances:wait redis-lively-12345 -a example-app.')
  })

  describe('bad timing flags (exit 1, nothing sent)', () => {
    for (const [argv, message] of [
      [['--interval', '500ms'], '--interval "500ms" is too short: poll at most once a second (1s or more).'],
      [['--interval', 'often'], '--interval "often" is not a duration: use a positive number with a unit, such as 90s, 30m, 2h or 1h30m.'],
      [['--timeout', '0s'], '--timeout "0s" must be greater than zero (for example 90s, 30m, 2h).'],
    ] as const) {
      it(`refuses ${argv.join(' ')}`, async () => {
        const {exitCode, stderr} = await run([...ARGV, ...argv])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(`Error: ${message}\n`)
        expect(unexpected, 'requests sent').to.deep.equal([])
      })
    }
  })

  it('names the candidates when the add-on is ambiguous, exit 1', async () => {
    expectResolve(platform, {addon: 'REDIS', app: null}, [
      anAddon({app: {id: 'a1', name: 'app-one'}, name: 'redis-one'}),
      anAddon({app: {id: 'a2', name: 'app-two'}, name: 'redis-two'}),
    ])

    const {exitCode, stderr} = await run(['data:maintenances:wait', 'REDIS'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: Add-on REDIS is ambiguous: it matches redis-one (app app-one), redis-two (app app-two). Name one add-on, or pass --app.\n')
  })

  describe('--timeout at its longest (24d)', () => {
    it('waits with the real deadline timer: a poll that takes 50 ms is answered, not cut short by an overflowed timer', async () => {
      const warnings: string[] = []
      const onWarning = (warning: Error) => warnings.push(warning.name)
      process.on('warning', onWarning)
      try {
        expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
        data.get(`${MAINTENANCES}/addon-id-1`).delay(50).reply(200, aMaintenance({status: 'running'}))
        data.get(`${MAINTENANCES}/addon-id-1`).delay(50).reply(200, aMaintenance({status: 'completed'}))

        const {exitCode, stderr} = await run([...ARGV, '--timeout', '24d', '--interval', '30s'])

        expect(exitCode, stderr).to.equal(0)
        expect(stderr).to.match(/redis-lively-12345: running\n.*redis-lively-12345: completed\n$/)
      } finally {
        process.off('warning', onWarning)
      }

      expect(warnings).to.not.include('TimeoutOverflowWarning')
    })

    it('refuses 25d in one line, exit 1, before any request', async () => {
      const {exitCode, stderr} = await run([...ARGV, '--timeout', '25d'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: --timeout "25d" is too long: at most 24 days (24d, 576h).\n')
    })
  })
})

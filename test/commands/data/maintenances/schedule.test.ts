import {expect} from 'chai'
import nock from 'nock'

import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {aMaintenance, anAddon} from '../../../helpers/fixtures.js'
import {run} from '../../../helpers/run.js'

const INFO = `${MAINTENANCES}/addon-id-1`
const HISTORY = `${MAINTENANCES}/addon-id-1/history/`
const SCHEDULE = `${MAINTENANCES}/addon-id-1/schedule`
const WEEKS_RANGE = 'give a whole number of weeks from -12 to 12 other than 0 (negative moves it earlier).'

/** Scheduled Friday 2026-11-27 18:00 UTC (ISO week 2026-W48), required by 2026-12-31. */
const current = aMaintenance({required_by: '2026-12-31T08:54:02.518+00:00', scheduled_for: '2026-11-27T18:00:00.000+00:00'})

/** The maintenance as the service answers after moving it to `scheduledFor`. */
function movedTo(scheduledFor: string) {
  return aMaintenance({...current, previously_scheduled_for: current.scheduled_for, scheduled_for: scheduledFor})
}

describe('data:maintenances:schedule', () => {
  let platform: nock.Scope
  let data: nock.Scope
  let unexpected: string[]
  const noMatch = (request: {method: string; path: string}) => unexpected.push(`${request.method} ${request.path}`)

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
    unexpected = []
    nock.emitter.on('no match', noMatch)
  })

  afterEach(() => {
    nock.emitter.off('no match', noMatch)
    expect(unexpected, 'requests nobody expected').to.deep.equal([])
    platform.done()
    data.done()
  })

  it('reads the maintenance, then posts --weeks once as a string and prints the time before and after', async () => {
    const sent: string[] = []
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(INFO).reply(200, () => {
      sent.push('GET')
      return current
    })
    data.post(SCHEDULE, body => {
      sent.push(`POST ${JSON.stringify(body)}`)
      return true
    }).reply(200, movedTo('2026-12-11T18:00:00.000+00:00'))

    const {exitCode, stderr, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '--weeks', '2', '--app', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(sent).to.deep.equal(['GET', 'POST {"delay_weeks":"2"}'])
    expect(stdout).to.equal([
      'delay_weeks: 2',
      'previously_scheduled_for: 2026-11-27 18:00:00 UTC',
      'scheduled_for: 2026-12-11 18:00:00 UTC',
      '',
    ].join('\n'))
    expect(stderr).to.equal('')
  })

  for (const argv of [['--weeks=-1'], ['--weeks', '-1']]) {
    it(`moves earlier with ${argv.join(' ')}`, async () => {
      expectResolve(platform, {addon: 'redis-lively-12345', app: null}, [anAddon()])
      // The service's clock (its Date header) is before the new time.
      data.get(INFO).reply(200, current, {Date: 'Mon, 16 Nov 2026 12:00:00 GMT'})
      data.post(SCHEDULE, {delay_weeks: '-1'}).reply(200, movedTo('2026-11-20T18:00:00.000+00:00'))

      const {exitCode, stdout} = await run(['data:maintenances:schedule', 'redis-lively-12345', ...argv])

      expect(exitCode).to.equal(0)
      expect(stdout).to.include('scheduled_for: 2026-11-20 18:00:00 UTC\n')
    })
  }

  for (const dryRun of [[], ['--dry-run']]) {
    it(`refuses a move into the past by the service's clock, sending nothing ${dryRun.join(' ')}`, async () => {
      expectResolve(platform, {addon: 'redis-lively-12345', app: null}, [anAddon()])
      data.get(INFO).reply(200, current, {Date: 'Sat, 21 Nov 2026 12:00:00 GMT'})

      const {exitCode, stderr} = await run(['data:maintenances:schedule', 'redis-lively-12345', '--weeks=-1', ...dryRun])

      expect(exitCode).to.equal(1)
      expect(stderr).to.match(/^Error: --weeks -1 would move the maintenance to 2026-11-20 18:00:00 UTC, which is in the past \(it is now 2026-11-21 12:00:00 UTC\): it cannot move earlier\.\n$/)
    })
  }

  for (const [week, delay] of [
    ['2026-W50', '2'],
    ['2026-12-07', '2'],
    ['2026-12-13', '2'], // the Sunday that ends 2026-W50
    ['2026-W53', '5'],
    ['2027-01-01', '5'], // a Friday in 2026-W53
    ['2027-W01', '6'],
    ['2026-11-17', '-1'],
  ] as const) {
    it(`turns --week ${week} into delay_weeks ${delay}`, async () => {
      const unbounded = aMaintenance({...current, required_by: '2027-02-20T00:00:00.000+00:00'})
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(INFO).reply(200, unbounded, {Date: 'Mon, 16 Nov 2026 12:00:00 GMT'})
      data.post(SCHEDULE, {delay_weeks: delay}).reply(200, movedTo('2026-12-11T18:00:00.000+00:00'))

      const {exitCode, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '--week', week, '-a', 'example-app'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.include(`delay_weeks: ${delay}\n`)
    })
  }

  it('prints the API object returned by the POST with --json', async () => {
    const answer = {...movedTo('2026-12-11T18:00:00.000+00:00'), extra_field: 'kept'}
    expectResolve(platform, {addon: 'DATABASE', app: 'example-app'}, [anAddon()])
    data.get(INFO).reply(200, current)
    data.post(SCHEDULE, {delay_weeks: '2'}).reply(200, answer)

    const {exitCode, stdout} = await run(['data:maintenances:schedule', 'example-app::DATABASE', '--week', '2026-W50', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal(answer)
  })

  describe('bad input: exit 1, one line, nothing sent (not even the add-on resolve)', () => {
    for (const [flags, message] of [
      [[], 'Say where to move the maintenance: --weeks N (-12 to 12, not 0; negative moves it earlier) or --week DATE (2026-12-07 or 2026-W50).'],
      [['--weeks', '2', '--week', '2026-W50'], '--weeks "2" and --week "2026-W50" were both given: use one of them.'],
      [['--weeks', 'abc'], `--weeks "abc" is not valid: ${WEEKS_RANGE}`],
      [['--weeks', '0'], `--weeks "0" is not valid: ${WEEKS_RANGE}`],
      [['--weeks', '999'], `--weeks "999" is not valid: ${WEEKS_RANGE}`],
      [['--weeks', '1.5'], `--weeks "1.5" is not valid: ${WEEKS_RANGE}`],
      [['--weeks=-13'], `--weeks "-13" is not valid: ${WEEKS_RANGE}`],
      [['--weeks='], `--weeks "" is not valid: ${WEEKS_RANGE}`],
      [['--week', '2026-13-40'], '--week "2026-13-40" is not valid: it is not a calendar date; give an ISO date (2026-12-07) or an ISO week (2026-W50).'],
      [['--week', 'next week'], '--week "next week" is not valid: give an ISO date (2026-12-07) or an ISO week (2026-W50).'],
      [['--week', '2027-W53'], '--week "2027-W53" is not valid: 2027 has ISO weeks W01 to W52.'],
    ] as const) {
      it(flags.join(' ') || '(neither --weeks nor --week)', async () => {
        const {exitCode, stderr, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '-a', 'example-app', ...flags])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(`Error: ${message}\n`)
        expect(stdout).to.equal('')
      })
    }

    it('gives a JSON error with --json', async () => {
      const {exitCode, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '-a', 'example-app', '--weeks', 'abc', '--json'])

      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout)).to.deep.equal({error: {exit_code: 1, id: 'invalid_input', message: `--weeks "abc" is not valid: ${WEEKS_RANGE}`}})
    })

    it('refuses an empty APP:: reference', async () => {
      const {exitCode, stderr} = await run(['data:maintenances:schedule', 'example-app::', '--weeks', '1'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.match(/^Error: ADDON "example-app::" is not valid/)
    })
  })

  it('refuses a plan without manual maintenance before reading or moving anything, exit 1', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon({plan: {name: 'heroku-redis:mini'}})])

    const {exitCode, stderr} = await run(['data:maintenances:schedule', 'REDIS_URL', '--weeks', '1', '-a', 'example-app'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: redis-lively-12345 is on the heroku-redis:mini plan, which cannot reschedule maintenance; only premium, private, shield plans can.\n')
  })

  describe('refused after reading the maintenance: exit 1, no POST', () => {
    const requiredSoon = aMaintenance({required_by: '2026-12-03T08:54:02.518+00:00', scheduled_for: '2026-11-27T18:00:00.000+00:00'})
    const nothingScheduled = aMaintenance({scheduled_for: null, status: 'none'})

    for (const [title, maintenance, flags, message] of [
      ['--weeks past required_by',
        requiredSoon,
        ['--weeks', '1'],
        '--weeks 1 would move the maintenance to 2026-12-04 18:00:00 UTC, after it is required by 2026-12-03 08:54:02 UTC: it cannot move later.'],
      ['--week past required_by',
        current,
        ['--week', '2027-W01'],
        '--week 2027-W01 would move the maintenance to 2027-01-08 18:00:00 UTC, after it is required by 2026-12-31 08:54:02 UTC: it can move at most 4 weeks later.'],
      ['--week in the week already scheduled',
        current,
        ['--week', '2026-W48'],
        '--week 2026-W48 is the week the maintenance is already scheduled in (2026-11-27 18:00:00 UTC): choose another week.'],
      ['--week more than 12 weeks away',
        current,
        ['--week', '2026-08-24'],
        '--week 2026-08-24 is 13 weeks before the scheduled 2026-11-27 18:00:00 UTC: maintenance moves at most 12 weeks either way.'],
      ['--week with nothing scheduled',
        nothingScheduled,
        ['--week', '2026-W50'],
        '--week counts weeks from the scheduled time, but redis-lively-12345 has no scheduled maintenance (status none): there is nothing to move.'],
      ['--weeks with nothing scheduled',
        nothingScheduled,
        ['--weeks', '1'],
        'redis-lively-12345 has no scheduled maintenance (status none): there is nothing to move.'],
    ] as const) {
      it(title, async () => {
        expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
        data.get(INFO).reply(200, maintenance)

        const {exitCode, stderr, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '-a', 'example-app', ...flags])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(`Error: ${message}\n`)
        expect(stdout).to.equal('')
      })
    }
  })

  it('does not post when reading the maintenance fails, exit 2', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(INFO).reply(404, {id: 'not_found', message: 'Maintenance not found.'})

    const {exitCode, stderr} = await run(['data:maintenances:schedule', 'REDIS_URL', '--weeks', '1', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: Maintenance not found. (404 Not Found)\n')
  })

  for (const [status, id, message, statusText] of [
    [401, 'unauthorized', 'Invalid credentials provided.', 'Unauthorized'],
    [404, 'not_found', 'Maintenance not found.', 'Not Found'],
    [422, 'invalid_params', 'Can\'t schedule maintenance for redis-lively-12345 at 2026-11-20 18:00:00 +0000: that is in the past.', 'Unprocessable Entity'],
    // Not retried: a second POST would find no interceptor and end with a "No answer" error instead.
    [500, 'internal_server_error', 'Internal server error.', 'Internal Server Error'],
  ] as const) {
    it(`shows the API's message for ${status} on the POST, sent once, exit 2`, async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(INFO).reply(200, current, {Date: 'Mon, 16 Nov 2026 12:00:00 GMT'})
      data.post(SCHEDULE, {delay_weeks: '-1'}).once().reply(status, {id, message})

      const {exitCode, stderr, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '--weeks=-1', '-a', 'example-app'])

      expect(exitCode).to.equal(2)
      // A server error on a POST may still have taken effect: the client says it was not retried.
      const hint = status >= 500 ? '. It was sent once and not retried: check whether it took effect before trying again.' : ''
      expect(stderr).to.equal(`Error: ${message} (${status} ${statusText})${hint}\n`)
      expect(stdout).to.equal('')
    })
  }

  it('gives a JSON error for a failed POST with --json', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(INFO).reply(200, current)
    data.post(SCHEDULE).reply(422, {id: 'invalid_params', message: 'No maintenance to schedule.'})

    const {exitCode, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '--weeks', '1', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(2)
    expect(JSON.parse(stdout)).to.deep.equal({
      error: {exit_code: 2, id: 'invalid_params', message: 'No maintenance to schedule. (422 Unprocessable Entity)', status: 422},
    })
  })

  describe('--dry-run (reads only)', () => {
    const history = [
      aMaintenance({completed_at: '2026-09-04T18:04:20.191+00:00', duration_seconds: '186', status: 'completed'}),
      aMaintenance({completed_at: '2026-06-12T18:04:13.004+00:00', duration_seconds: '201', status: 'completed'}),
    ]

    function expectReads() {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(INFO).reply(200, current)
      data.get(HISTORY).query({limit: '20'}).reply(200, {maintenances: history})
    }

    it('shows the new time and the impact, and posts nothing', async () => {
      expectReads()

      const {exitCode, stderr, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '--weeks', '2', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(0)
      expect(stderr).to.equal('Dry run: nothing was changed (only reads were sent).\n')
      expect(stdout).to.equal([
        'action: schedule',
        'addon: redis-lively-12345',
        'app: example-app',
        'delay_weeks: 2',
        'previously_scheduled_for: 2026-11-27 18:00:00 UTC',
        'scheduled_for: 2026-12-11 18:00:00 UTC',
        'method: failover',
        'required_by: 2026-12-31 08:54:02 UTC',
        'expected_duration: ~ 3 minutes (median of 2 completed maintenances; longest ~ 3 minutes)',
        '',
      ].join('\n'))
    })

    it('prints the dry-run shape with --json', async () => {
      expectReads()

      const {exitCode, result, stdout} = await run(['data:maintenances:schedule', 'REDIS_URL', '--week', '2026-W50', '-a', 'example-app', '--dry-run', '--json'])

      expect(exitCode).to.equal(0)
      const expected = {
        dry_run: true,
        addon: 'redis-lively-12345',
        app: 'example-app',
        action: 'schedule',
        outcome: {delay_weeks: 2, previously_scheduled_for: '2026-11-27T18:00:00.000Z', scheduled_for: '2026-12-11T18:00:00.000Z'},
        impact: {expected_duration_seconds: {longest: 201, median: 194, samples: 2}, method: 'failover', required_by: '2026-12-31T08:54:02.518+00:00'},
      }
      expect(JSON.parse(stdout)).to.deep.equal(expected)
      expect(result).to.deep.equal(expected)
    })

    it('refuses what the real run would refuse, exit 1, reading no history', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(INFO).reply(200, current)

      const {exitCode, stderr} = await run(['data:maintenances:schedule', 'REDIS_URL', '--weeks', '6', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.match(/^Error: --weeks 6 would move the maintenance to 2027-01-08 18:00:00 UTC, after it is required by/)
    })

    it('still refuses a plan without manual maintenance, exit 1', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon({plan: {name: 'heroku-redis:mini'}})])

      const {exitCode} = await run(['data:maintenances:schedule', 'REDIS_URL', '--weeks', '1', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(1)
    })
  })
})


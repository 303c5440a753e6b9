import {expect} from 'chai'
import nock from 'nock'

import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../../helpers/api.js'
import {aMaintenance, anAddon, aWindow} from '../../../../helpers/fixtures.js'
import {run} from '../../../../helpers/run.js'

const WINDOW = `${MAINTENANCES}/addon-id-1/window`
const INFO = `${MAINTENANCES}/addon-id-1`
const HISTORY = `${MAINTENANCES}/addon-id-1/history/`
/** The tests' clock: Monday 2026-11-23 12:00 UTC, when Berlin is on winter time (UTC+01:00). */
const NOW = Date.parse('2026-11-23T12:00:00.000Z')
const DAY_FORMS = 'a weekday name in any case, singular or plural (Sunday, sundays, SUNDAY), or its 3-letter abbreviation (sun)'
const TIME_FORMS = '24-hour HH:MM (14:30, 9:05) or H:MM AM/PM (2:30 PM, 2:30pm, 12:00 AM)'

/** The window the service answers after moving it to Sunday 14:30. */
const moved = aWindow({
  previous_window: 'Fridays 18:00 to 22:00 UTC',
  previously_scheduled_at: '2026-11-27T18:00:00.000+00:00',
  scheduled_at: '2026-11-29T14:30:00.000+00:00',
  window: 'Sundays 14:30 to 18:30 UTC',
})

describe('data:maintenances:window:update', () => {
  let platform: nock.Scope
  let data: nock.Scope
  let unexpected: string[]
  const noMatch = (request: {method: string; path: string}) => unexpected.push(`${request.method} ${request.path}`)
  let Settings: typeof import('luxon').Settings
  let realNow: () => number

  before(async () => {
    // The luxon instance the command uses (this file may be loaded as CommonJS, the command as an ES module).
    ({Settings} = await import('luxon'))
    realNow = Settings.now
  })

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
    unexpected = []
    nock.emitter.on('no match', noMatch)
    Settings.now = () => NOW
  })

  afterEach(() => {
    Settings.now = realNow
    nock.emitter.off('no match', noMatch)
    expect(unexpected, 'requests nobody expected').to.deep.equal([])
    platform.done()
    data.done()
  })

  it('posts the normalized window once, without reading it first, and prints before and after from the answer', async () => {
    const sent: string[] = []
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.post(WINDOW, body => {
      sent.push(`POST ${JSON.stringify(body)}`)
      return true
    }).reply(200, moved)

    const {exitCode, stderr, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'Sunday', '14:30', '--app', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(sent).to.deep.equal(['POST {"day_of_week":"sunday","time_of_day":"14:30"}'])
    expect(stdout).to.equal([
      'previous_window: Fridays 18:00 to 22:00 UTC',
      'previously_scheduled_at: 2026-11-27 18:00:00 UTC',
      'scheduled_at: 2026-11-29 14:30:00 UTC',
      'window: Sundays 14:30 to 18:30 UTC',
      '',
    ].join('\n'))
    expect(stderr).to.equal('')
  })

  for (const [day, time, body] of [
    ['SUNDAYS', '2:30pm', {day_of_week: 'sunday', time_of_day: '14:30'}],
    ['sun', '2:30 PM', {day_of_week: 'sunday', time_of_day: '14:30'}],
    ['Mon', '9:05', {day_of_week: 'monday', time_of_day: '09:05'}],
    ['fridays', '12:00 AM', {day_of_week: 'friday', time_of_day: '00:00'}],
    ['Wed', '12:15 pm', {day_of_week: 'wednesday', time_of_day: '12:15'}],
  ] as const) {
    it(`sends ${day} ${JSON.stringify(time)} as ${JSON.stringify(body)}`, async () => {
      expectResolve(platform, {addon: 'redis-lively-12345', app: null}, [anAddon()])
      data.post(WINDOW, body).reply(200, moved)

      const {exitCode} = await run(['data:maintenances:window:update', 'redis-lively-12345', day, time])

      expect(exitCode).to.equal(0)
    })
  }

  it('prints the API object returned by the POST with --json', async () => {
    const answer = {...moved, extra_field: 'kept'}
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.post(WINDOW, {day_of_week: 'sunday', time_of_day: '14:30'}).reply(200, answer)

    const {exitCode, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal(answer)
  })

  it('shows - for a previous window that did not exist and leaves out scheduled times the answer lacks', async () => {
    expectResolve(platform, {addon: 'DATABASE', app: 'staging-app'}, [anAddon({id: 'pg-1'})])
    data.post(`${MAINTENANCES}/pg-1/window`, {day_of_week: 'tuesday', time_of_day: '06:00'})
    .reply(200, aWindow({scheduled_at: null, window: 'Tuesdays 06:00 to 10:00 UTC'}))

    const {exitCode, stdout} = await run(['data:maintenances:window:update', 'staging-app::DATABASE', 'tue', '6:00'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal('previous_window: -\nwindow: Tuesdays 06:00 to 10:00 UTC\n')
  })

  describe('bad input: exit 1, one line, nothing sent (not even the add-on resolve)', () => {
    for (const [day, time, message] of [
      ['funday', '14:30', `DAY "funday" is not a day of the week: use ${DAY_FORMS}.`],
      ['tues', '14:30', `DAY "tues" is not a day of the week: use ${DAY_FORMS}.`],
      ['', '14:30', `DAY is empty: use ${DAY_FORMS}.`],
      ['sunday', '25:00', `TIME "25:00" is not a time of day: use ${TIME_FORMS}.`],
      ['sunday', '14:60', `TIME "14:60" is not a time of day: use ${TIME_FORMS}.`],
      ['sunday', '9', `TIME "9" is not a time of day: use ${TIME_FORMS}.`],
      ['sunday', '2pm30', `TIME "2pm30" is not a time of day: use ${TIME_FORMS}.`],
      ['sunday', '13:00 PM', `TIME "13:00 PM" is not a time of day: use ${TIME_FORMS}.`],
      ['sunday', '', `TIME is empty: use ${TIME_FORMS}.`],
    ] as const) {
      it(`${JSON.stringify(day)} ${JSON.stringify(time)}`, async () => {
        const {exitCode, stderr, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', day, time, '-a', 'example-app'])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(`Error: ${message}\n`)
        expect(stdout).to.equal('')
      })
    }

    it('gives a JSON error with --json', async () => {
      const {exitCode, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'funday', '14:30', '-a', 'example-app', '--json'])

      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout)).to.deep.equal({
        error: {exit_code: 1, id: 'invalid_input', message: `DAY "funday" is not a day of the week: use ${DAY_FORMS}.`},
      })
    })

    it('refuses an empty APP:: reference', async () => {
      const {exitCode, stderr} = await run(['data:maintenances:window:update', 'example-app::', 'sunday', '14:30'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.match(/^Error: ADDON "example-app::" is not valid/)
    })

    it('needs TIME (an unquoted "2:30 PM" is two arguments)', async () => {
      const missing = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '-a', 'example-app'])
      const split = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '2:30', 'PM', '-a', 'example-app'])

      expect(missing.exitCode).to.equal(1)
      expect(missing.stderr).to.match(/^Error: Missing 1 required arg: time/)
      expect(split.exitCode).to.equal(1)
      expect(split.stderr).to.equal('Error: Unexpected argument: PM. Quote a 12-hour time so that it is one argument: "2:30 PM" (or write 2:30pm).\n')
    })

    it('hints at quoting an unquoted "9 am" too, and under --json', async () => {
      const {exitCode, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'fri', '9', 'am', '-a', 'example-app', '--json'])

      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout).error.message).to.equal('Unexpected argument: am. Quote a 12-hour time so that it is one argument: "9:00 am" (or write 9:00am).')
    })
  })

  it('refuses a plan without manual maintenance before reading or changing the window, exit 1', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon({plan: {name: 'heroku-redis:mini'}})])

    const {exitCode, stderr} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', 'example-app'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: redis-lively-12345 is on the heroku-redis:mini plan, which cannot set a maintenance window; only premium, private, shield plans can.\n')
  })

  it('--dry-run stops at a failed read of the current window, exit 2', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(WINDOW).reply(404, {id: 'not_found', message: 'Add-on not found.'})

    const {exitCode, stderr} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', 'example-app', '--dry-run'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: Add-on not found. (404 Not Found)\n')
  })

  for (const [status, id, message, statusText] of [
    [401, 'unauthorized', 'Invalid credentials provided.', 'Unauthorized'],
    [404, 'not_found', 'Add-on not found.', 'Not Found'],
    [422, 'invalid_params', 'The heroku-redis:premium-0 plan does not support maintenance windows.', 'Unprocessable Entity'],
    // Not retried: a second POST would find no interceptor and end with a "No answer" error instead.
    [500, 'internal_server_error', 'Internal server error.', 'Internal Server Error'],
  ] as const) {
    it(`shows the API's message for ${status} on the POST, sent once, exit 2`, async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.post(WINDOW, {day_of_week: 'sunday', time_of_day: '14:30'}).once().reply(status, {id, message})

      const {exitCode, stderr, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', 'example-app'])

      expect(exitCode).to.equal(2)
      // A server error on a POST may still have taken effect: the client says it was not retried.
      const hint = status >= 500 ? '. It was sent once and not retried: check whether it took effect before trying again.' : ''
      expect(stderr).to.equal(`Error: ${message} (${status} ${statusText})${hint}\n`)
      expect(stdout).to.equal('')
    })
  }

  it('gives a JSON error for a failed POST with --json', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.post(WINDOW).reply(422, {id: 'invalid_params', message: 'Window not allowed.'})

    const {exitCode, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(2)
    expect(JSON.parse(stdout)).to.deep.equal({
      error: {exit_code: 2, id: 'invalid_params', message: 'Window not allowed. (422 Unprocessable Entity)', status: 422},
    })
  })

  describe('--tz', () => {
    it('converts DAY TIME to UTC before posting, and says which offset it used and that the day shifted', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.post(WINDOW, {day_of_week: 'sunday', time_of_day: '23:30'}).reply(200, aWindow({window: 'Sundays 23:30 to 03:30 UTC'}))

      const {exitCode, stderr, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'monday', '00:30', '--tz', 'Europe/Berlin', '-a', 'example-app'])

      expect(exitCode).to.equal(0)
      expect(stderr).to.equal([
        'Monday 00:30 in Europe/Berlin is Sunday 23:30 UTC (UTC+01:00, the offset of its next occurrence there, 2026-11-30).',
        'The day shifts: in UTC the window starts on Sunday, the day before Monday.',
        'The service keeps the window in UTC: while Europe/Berlin is at UTC+02:00, it starts Monday 01:30 local time.',
        '',
      ].join('\n'))
      expect(stdout).to.include('window: Sundays 23:30 to 03:30 UTC\n')
    })

    it('uses the summer offset in summer', async () => {
      Settings.now = () => Date.parse('2026-06-15T12:00:00.000Z')
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.post(WINDOW, {day_of_week: 'sunday', time_of_day: '12:30'}).reply(200, aWindow({window: 'Sundays 12:30 to 16:30 UTC'}))

      const {exitCode, stderr} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '2:30 PM', '--tz', 'Europe/Berlin', '-a', 'example-app'])

      expect(exitCode).to.equal(0)
      expect(stderr.split('\n')[0]).to.equal('Sunday 14:30 in Europe/Berlin is Sunday 12:30 UTC (UTC+02:00, the offset of its next occurrence there, 2026-06-21).')
    })

    it('refuses an unknown zone, naming it, before any request, exit 1', async () => {
      const {exitCode, stderr, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '--tz', 'Europe/Berlín', '-a', 'example-app'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: Unknown time zone "Europe/Berlín" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.\n')
      expect(stdout).to.equal('')
    })

    it('is the only way to give another zone: TZ does not change what DAY TIME mean', async () => {
      const saved = process.env.TZ
      process.env.TZ = 'America/New_York'
      try {
        expect(new Date(NOW).getTimezoneOffset(), 'TZ is in effect in this process').to.equal(300)
        expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
        data.post(WINDOW, {day_of_week: 'sunday', time_of_day: '14:30'}).reply(200, moved)

        const {exitCode, stderr} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', 'example-app'])

        expect(exitCode).to.equal(0)
        expect(stderr).to.equal('')
      } finally {
        if (saved === undefined) delete process.env.TZ
        else process.env.TZ = saved
      }
    })
  })

  describe('--dry-run (reads only)', () => {
    const history = [aMaintenance({completed_at: '2026-09-04T18:04:20.191+00:00', duration_seconds: '186', status: 'completed'})]

    function expectReads(maintenance = aMaintenance({required_by: '2026-12-31T08:54:02.518+00:00', status: 'ready'})) {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(WINDOW).reply(200, aWindow())
      data.get(INFO).reply(200, maintenance)
      data.get(HISTORY).query({limit: '20'}).reply(200, {maintenances: history})
    }

    it('shows the new window, when the next maintenance would fall and the impact, and posts nothing', async () => {
      expectReads()

      const {exitCode, stderr, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'Sunday', '14:30', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(0)
      expect(stderr).to.equal('Dry run: nothing was changed (only reads were sent).\n')
      expect(stdout).to.equal([
        'action: window:update',
        'addon: redis-lively-12345',
        'app: example-app',
        'previous_window: Fridays 18:00 to 22:00 UTC',
        'window: Sundays 14:30 to 18:30 UTC',
        'next_window_start: 2026-11-29 14:30:00 UTC',
        'next_maintenance: 2026-11-29 14:30:00 UTC (estimate: the new window\'s first start at least 3 business days from now)',
        'method: failover',
        'required_by: 2026-12-31 08:54:02 UTC',
        'expected_duration: ~ 3 minutes (median of 1 completed maintenance; longest ~ 3 minutes)',
        '',
      ].join('\n'))
    })

    it('prints the dry-run shape with --json, with the --tz conversion', async () => {
      expectReads()

      const {exitCode, result, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'monday', '00:30', '--tz', 'Europe/Berlin', '-a', 'example-app', '--dry-run', '--json'])

      expect(exitCode).to.equal(0)
      const expected = {
        dry_run: true,
        addon: 'redis-lively-12345',
        app: 'example-app',
        action: 'window:update',
        outcome: {
          converted_from: {day_of_week: 'monday', day_shift: -1, time_of_day: '00:30', utc_offset: '+01:00', zone: 'Europe/Berlin'},
          next_maintenance_estimate: '2026-11-29T23:30:00.000Z',
          next_window_start: '2026-11-29T23:30:00.000Z',
          previous_window: 'Fridays 18:00 to 22:00 UTC',
          request: {day_of_week: 'sunday', time_of_day: '23:30'},
          window: 'Sundays 23:30 to 03:30 UTC',
        },
        impact: {expected_duration_seconds: {longest: 186, median: 186, samples: 1}, method: 'failover', required_by: '2026-12-31T08:54:02.518+00:00'},
      }
      expect(JSON.parse(stdout)).to.deep.equal(expected)
      expect(result).to.deep.equal(expected)
    })

    it('says there is nothing scheduled to move when there is no maintenance', async () => {
      expectReads(aMaintenance({method: null, required_by: null, scheduled_for: null, status: 'none'}))

      const {exitCode, stdout} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.include('next_maintenance: none scheduled (status none): the next one will be scheduled into the new window\n')
    })

    it('still refuses a plan without manual maintenance, exit 1', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon({plan: {name: 'heroku-redis:mini'}})])

      const {exitCode} = await run(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', 'example-app', '--dry-run'])

      expect(exitCode).to.equal(1)
    })
  })
})


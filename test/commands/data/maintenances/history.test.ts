import {expect} from 'chai'
import nock from 'nock'

import type {Maintenance} from '../../../../src/lib/maintenance/types.js'

import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {aMaintenance, anAddon} from '../../../helpers/fixtures.js'
import {run} from '../../../helpers/run.js'

const past = (overrides: Partial<Maintenance>) => aMaintenance({required_by: null, status: 'completed', ...overrides})

/** As the API might answer: not newest first. */
const february = past({
  completed_at: '2026-02-20T18:04:06.000+00:00',
  duration_seconds: '186',
  required_by: '2026-03-01T00:00:00.000+00:00',
  scheduled_for: '2026-02-20T18:00:00.000+00:00',
  started_at: '2026-02-20T18:01:00.000+00:00',
})
const august = past({
  completed_at: '2026-08-28 19:30:30 +0000',
  duration_seconds: '5400',
  required_by: '2026-09-01 00:00:00 +0000',
  scheduled_for: '2026-08-28 18:00:00 +0000',
  started_at: '2026-08-28 18:00:30 +0000',
  window: 'Sundays 14:30 to 18:30 UTC',
})
/** Not completed: placed by its start. */
const may = past({
  required_by: '2026-06-01T00:00:00.000+00:00',
  scheduled_for: '2026-05-29T18:00:00.000+00:00',
  started_at: '2026-05-29T18:00:10.000+00:00',
  status: 'running',
})

const HEADER = 'Status     Required by              Scheduled for            Started at               Completed at             Duration     Window'
const RULE = '─────────  ───────────────────────  ───────────────────────  ───────────────────────  ───────────────────────  ───────────  ──────────────────────────'
const AUGUST = 'completed  2026-09-01 00:00:00 UTC  2026-08-28 18:00:00 UTC  2026-08-28 18:00:30 UTC  2026-08-28 19:30:30 UTC  ~ 1.5 hours  Sundays 14:30 to 18:30 UTC'
const MAY = 'running    2026-06-01 00:00:00 UTC  2026-05-29 18:00:00 UTC  2026-05-29 18:00:10 UTC  -                        -            Fridays 18:00 to 22:00 UTC'
const FEBRUARY = 'completed  2026-03-01 00:00:00 UTC  2026-02-20 18:00:00 UTC  2026-02-20 18:01:00 UTC  2026-02-20 18:04:06 UTC  ~ 3 minutes  Fridays 18:00 to 22:00 UTC'

const lines = (...rows: string[]) => `${rows.join('\n')}\n`

/** As on an uncoloured terminal this many columns wide. */
const terminal = (columns: number) => ({env: {FORCE_COLOR: undefined, NO_COLOR: '1'}, terminal: {columns}})

describe('data:maintenances:history', () => {
  let platform: nock.Scope
  let data: nock.Scope
  const savedTz = process.env.TZ

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
    // Times must not depend on the developer's zone.
    delete process.env.TZ
  })

  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ
    else process.env.TZ = savedTz
    platform.done()
    data.done()
  })

  function expectHistory(maintenances: Maintenance[], limit = 5): void {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1/history/`).query({limit: String(limit)}).reply(200, {maintenances})
  }

  it('resolves the add-on, asks for 5 and prints them newest first (completed, else started, else scheduled)', async () => {
    expectHistory([february, august, may])

    const {exitCode, stderr, stdout} = await run(['data:maintenances:history', 'REDIS_URL', '--app', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal(lines(HEADER, RULE, AUGUST, MAY, FEBRUARY))
    expect(stderr).to.equal('')
  })

  for (const [flag, value] of [['--num', '1'], ['--num', '20'], ['-n', '12'], ['--num', ' 7 ']] as const) {
    it(`asks the API for ${flag} ${JSON.stringify(value)}`, async () => {
      expectHistory([february], Number(value))

      const {exitCode} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', flag, value])

      expect(exitCode).to.equal(0)
    })
  }

  for (const value of ['0', '21', '-5', 'x', '1.5', '', '1e1']) {
    it(`refuses --num ${JSON.stringify(value)} with exit 1 and no request`, async () => {
      const {exitCode, stderr, stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', `--num=${value}`])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal(`Error: --num ${JSON.stringify(value)} is not valid: give a whole number from 1 to 20.\n`)
      expect(stdout).to.equal('')
    })
  }

  it('places a maintenance by its scheduled time when it has not started, those with no time last in API order, - for what is missing', async () => {
    const planned = aMaintenance({scheduled_for: '2026-11-27T18:00:00.000+00:00', status: 'ready', window: null})
    const blankA = past({duration_seconds: 'n/a', scheduled_for: null, status: 'none', window: null})
    const blankB = past({scheduled_for: null, status: 'canceled', window: null})
    expectHistory([blankA, february, blankB, planned])

    const {stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--columns', 'status,scheduled_for,completed_at,duration,window'])

    expect(stdout).to.equal(lines(
      'Status     Scheduled for            Completed at             Duration     Window',
      '─────────  ───────────────────────  ───────────────────────  ───────────  ──────────────────────────',
      'ready      2026-11-27 18:00:00 UTC  -                        -            -',
      'completed  2026-02-20 18:00:00 UTC  2026-02-20 18:04:06 UTC  ~ 3 minutes  Fridays 18:00 to 22:00 UTC',
      'none       -                        -                        -            -',
      'canceled   -                        -                        -            -',
    ))
  })

  it('prints only --columns, in the order given', async () => {
    expectHistory([february, august])

    const {stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--columns', 'duration,completed_at'])

    expect(stdout).to.equal(lines(
      'Duration     Completed at',
      '───────────  ───────────────────────',
      '~ 1.5 hours  2026-08-28 19:30:30 UTC',
      '~ 3 minutes  2026-02-20 18:04:06 UTC',
    ))
  })

  it('sorts duration by seconds, ascending and descending, the unknown duration last', async () => {
    const long = past({completed_at: '2026-01-01T00:00:00Z', duration_seconds: '600'})
    expectHistory([august, long, may, february])
    const ascending = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--sort', 'duration', '--columns', 'duration'])
    expectHistory([august, long, may, february])
    const descending = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--sort', '-duration', '--columns', 'duration'])

    // As text, "~ 10 minutes" would sort before "~ 3 minutes".
    expect(ascending.stdout).to.equal(lines('Duration', '────────────', '~ 3 minutes', '~ 10 minutes', '~ 1.5 hours', '-'))
    expect(descending.stdout).to.equal(lines('Duration', '────────────', '~ 1.5 hours', '~ 10 minutes', '~ 3 minutes', '-'))
  })

  it('sorts a time column chronologically, oldest first with a plain --sort', async () => {
    expectHistory([august, february, may])

    const {stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--sort', 'started_at'])

    expect(stdout).to.equal(lines(HEADER, RULE, FEBRUARY, MAY, AUGUST))
  })

  it('keeps rows matching --filter, ignoring case', async () => {
    expectHistory([february, august, may])

    const {stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--filter', 'status=COMPLETED', '--filter', 'window=friday'])

    expect(stdout).to.equal(lines(HEADER, RULE, FEBRUARY))
  })

  it('says so when --filter leaves no row', async () => {
    expectHistory([february])

    const {exitCode, stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--filter', 'status=running'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal('No maintenance matches --filter status=running.\n')
  })

  it('prints CSV with the column keys as header, quoting a value with a comma', async () => {
    const emergency = past({
      completed_at: '2026-10-02T03:10:00Z',
      duration_seconds: '45',
      scheduled_for: null,
      started_at: '2026-10-02T03:09:15Z',
      window: 'Mondays, Thursdays 02:00 to 06:00 UTC',
    })
    expectHistory([february, emergency])

    const {exitCode, stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--csv'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal(lines(
      'status,required_by,scheduled_for,started_at,completed_at,duration,window',
      'completed,-,-,2026-10-02 03:09:15 UTC,2026-10-02 03:10:00 UTC,~ 45 seconds,"Mondays, Thursdays 02:00 to 06:00 UTC"',
      'completed,2026-03-01 00:00:00 UTC,2026-02-20 18:00:00 UTC,2026-02-20 18:01:00 UTC,2026-02-20 18:04:06 UTC,~ 3 minutes,Fridays 18:00 to 22:00 UTC',
    ))
  })

  it('prints the API objects with --json, newest first and filtered, otherwise unchanged', async () => {
    const withExtra = {...february, extra_field: 'kept'}
    expectHistory([withExtra, august, may])

    const {exitCode, result, stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--filter', 'status=completed', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal([august, withExtra])
    expect(result).to.deep.equal([august, withExtra])
  })

  it('says when there is no history, exit 0', async () => {
    expectHistory([])

    const {exitCode, stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal('redis-lively-12345 has no maintenance history.\n')
  })

  it('prints [] with --json when there is no history', async () => {
    expectHistory([])

    const {exitCode, stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal([])
  })

  it('resolves APP::ATTACHMENT without --app', async () => {
    expectResolve(platform, {addon: 'DATABASE', app: 'staging-app'}, [anAddon({id: 'pg-1', name: 'postgresql-shaped-11111'})])
    data.get(`${MAINTENANCES}/pg-1/history/`).query({limit: '5'}).reply(200, {maintenances: []})

    const {stdout} = await run(['data:maintenances:history', 'staging-app::DATABASE'])

    expect(stdout).to.equal('postgresql-shaped-11111 has no maintenance history.\n')
  })

  describe('refuses bad input with exit 1 before any request', () => {
    const valid = 'valid columns: status, required_by, scheduled_for, started_at, completed_at, duration, window.'
    for (const [argv, message] of [
      [['--columns', 'status,addon'], `--columns: unknown column "addon"; ${valid}`],
      [['--sort', 'when'], `--sort: unknown column "when"; ${valid}`],
      [['--filter', 'status:ready'], `--filter "status:ready" is not COLUMN=TEXT (for example status=ready); ${valid}`],
      [['--num', '50', '--columns', 'addon'], '--num "50" is not valid: give a whole number from 1 to 20.'],
    ] as const) {
      it(argv.join(' '), async () => {
        const {exitCode, stderr} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', ...argv])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(`Error: ${message}\n`)
      })
    }

    it('an APP:: reference with nothing after it', async () => {
      const {exitCode, stderr} = await run(['data:maintenances:history', 'example-app::'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: ADDON "example-app::" is not valid: give an add-on name (redis-lively-12345), an attachment (REDIS, REDIS_URL) or APP::ATTACHMENT.\n')
    })
  })

  it('names the add-on when it is not found, exit 1', async () => {
    platform.post('/actions/addons/resolve', {addon: 'NOPE_URL', app: 'example-app'}).reply(404, {id: 'not_found', message: 'Couldn\'t find that add-on.'})

    const {exitCode, stderr} = await run(['data:maintenances:history', 'NOPE_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: Add-on NOPE_URL was not found on app example-app: check the name with `heroku addons -a example-app`.\n')
  })

  for (const [status, id, message, statusText] of [
    [401, 'unauthorized', 'Invalid credentials provided.', '401 Unauthorized'],
    [404, 'not_found', 'Add-on has no maintenance history.', '404 Not Found'],
  ] as const) {
    it(`shows the Data API message for ${status}, exit 2`, async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1/history/`).query({limit: '5'}).reply(status, {id, message})

      const {exitCode, stderr} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app'])

      expect(exitCode).to.equal(2)
      expect(stderr).to.equal(`Error: ${message} (${statusText})\n`)
    })
  }

  it('retries a 500 three times in all, then exits 2', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1/history/`).query({limit: '5'}).times(3).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})

    const {exitCode, stderr} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: Internal server error. (500 Internal Server Error)\n')
  })

  describe('--tz', () => {
    it('shows every time in that zone beside UTC', async () => {
      expectHistory([february, august])

      const {exitCode, stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--tz', 'America/New_York', '--columns', 'status,scheduled_for,completed_at'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal(lines(
        'Status     Scheduled for                                      Completed at',
        '─────────  ─────────────────────────────────────────────────  ─────────────────────────────────────────────────',
        'completed  2026-08-28 14:00:00 EDT (2026-08-28 18:00:00 UTC)  2026-08-28 15:30:30 EDT (2026-08-28 19:30:30 UTC)',
        'completed  2026-02-20 13:00:00 EST (2026-02-20 18:00:00 UTC)  2026-02-20 13:04:06 EST (2026-02-20 18:04:06 UTC)',
      ))
    })

    it('takes the zone from TZ, also in CSV', async () => {
      process.env.TZ = 'Europe/Berlin'
      expectHistory([february])

      const {stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--csv', '--columns', 'started_at'])

      expect(stdout).to.equal(lines('started_at', '2026-02-20 19:01:00 GMT+1 (2026-02-20 18:01:00 UTC)'))
    })

    it('leaves --json as the API objects', async () => {
      expectHistory([february])

      const {stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--tz', 'Europe/Berlin', '--json'])

      expect(JSON.parse(stdout)).to.deep.equal([february])
    })

    it('refuses an unknown zone with exit 1, naming it, and sends nothing', async () => {
      const {exitCode, stderr} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app', '--tz', 'CEST'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: Unknown time zone "CEST" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.\n')
    })
  })

  describe('on a terminal', () => {
    it('at 80 columns leaves out window and required_by, times in minutes under headers naming UTC', async () => {
      expectHistory([february, august, may])

      const {stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app'], terminal(80))

      expect(stdout).to.equal(lines(
        'Status     Scheduled (UTC)   Started (UTC)     Completed (UTC)   Duration',
        '─────────  ────────────────  ────────────────  ────────────────  ───────────',
        'completed  2026-08-28 18:00  2026-08-28 18:00  2026-08-28 19:30  ~ 1.5 hours',
        'running    2026-05-29 18:00  2026-05-29 18:00  -                 -',
        'completed  2026-02-20 18:00  2026-02-20 18:01  2026-02-20 18:04  ~ 3 minutes',
      ))
    })

    it('at 200 columns shows every column, the window shortened', async () => {
      expectHistory([august])

      const {stdout} = await run(['data:maintenances:history', 'REDIS_URL', '-a', 'example-app'], terminal(200))

      expect(stdout).to.equal(lines(
        'Status     Required by (UTC)  Scheduled (UTC)   Started (UTC)     Completed (UTC)   Duration     Window (UTC)',
        '─────────  ─────────────────  ────────────────  ────────────────  ────────────────  ───────────  ───────────────',
        'completed  2026-09-01 00:00   2026-08-28 18:00  2026-08-28 18:00  2026-08-28 19:30  ~ 1.5 hours  Sun 14:30-18:30',
      ))
    })
  })
})

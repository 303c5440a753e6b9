import {expect} from 'chai'
import nock from 'nock'

import type {Maintenance} from '../../../../src/lib/maintenance/types.js'

import {stripAnsi, visibleWidth} from '../../../../src/lib/format/color.js'
import {dataApi, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {readEvents} from '../../../helpers/calendar-reader.js'
import {aMaintenance, anApp} from '../../../helpers/fixtures.js'
import {run} from '../../../helpers/run.js'

/** Three add-ons, as the API might list them (not in the order we print them). */
const redis = aMaintenance()
const postgres = aMaintenance({
  addon: {
    attachments: ['DATABASE_URL', 'HEROKU_POSTGRESQL_PINK_URL'],
    kind: 'heroku-postgresql',
    name: 'postgresql-shaped-11111',
    plan: 'standard-0',
    uuid: 'addon-id-2',
    window: 'Sundays 14:30 to 18:30 UTC',
  },
  required_by: '2026-11-20T10:00:00.000+00:00',
  scheduled_for: null,
  status: 'pending',
  window: 'Sundays 14:30 to 18:30 UTC',
})
const tiny = aMaintenance({
  addon: {attachments: ['HEROKU_REDIS_GRAY_URL'], kind: 'heroku-redis', name: 'redis-tiny-54321', plan: 'mini', uuid: 'addon-id-3', window: null},
  completed_at: '2026-08-07 18:04:00 +0000',
  required_by: null,
  scheduled_for: '2026-08-07 18:00:00 +0000',
  status: 'completed',
  window: null,
})

const HEADER = 'Addon                    Attachments                               Window                      Status     Required by              Scheduled for'
const RULE = '───────────────────────  ────────────────────────────────────────  ──────────────────────────  ─────────  ───────────────────────  ───────────────────────'
const POSTGRES = 'postgresql-shaped-11111  DATABASE_URL, HEROKU_POSTGRESQL_PINK_URL  Sundays 14:30 to 18:30 UTC  pending    2026-11-20 10:00:00 UTC  -'
const REDIS = 'redis-lively-12345       REDIS_URL                                 Fridays 18:00 to 22:00 UTC  ready      2026-12-03 08:54:02 UTC  2026-11-27 18:00:00 UTC'
const TINY = 'redis-tiny-54321         HEROKU_REDIS_GRAY_URL                     -                           completed  -                        -'

const lines = (...rows: string[]) => `${rows.join('\n')}\n`

/** The widest line as the terminal shows it. */
const widest = (text: string) => Math.max(...text.split('\n').map(line => visibleWidth(line)))

/** The same maintenance on another app, as the fleet listing sees it. */
const onStaging = aMaintenance({...postgres, app: {name: 'staging-app', uuid: 'app-id-2'}})
const FLEET_WARNING_TEXT = 'Warning: could not list maintenances of staging-app: Internal server error. (500 Internal Server Error)'
const FLEET_APPS = [anApp({id: 'app-id-2', name: 'staging-app'}), anApp(), anApp({id: 'app-id-3', name: 'empty-app'})]

/** Six apps, asked one at a time; each answer says one request fewer is left, from `first` down. */
function expectFallingBudget(scopes: {data: nock.Scope; platform: nock.Scope}, first: number, options: {rateLimitedApp?: string} = {}): {asked: string[]} {
  const {data, platform} = scopes
  const asked: string[] = []
  const apps = Array.from({length: 6}, (_, i) => anApp({id: `app-id-${i}`, name: `app-${i}`}))
  let remaining = first
  platform.get('/apps').reply(200, apps, {'RateLimit-Remaining': String(remaining--)})
  for (const app of apps) {
    data.get(`${MAINTENANCES}/apps/${app.id}`).optionally().reply(() => {
      asked.push(app.name)
      if (app.name === options.rateLimitedApp) {
        return [429, {id: 'rate_limit', message: 'Your account reached the API rate limit.'}, {'RateLimit-Remaining': '0'}]
      }

      const maintenance = aMaintenance({addon: {...redis.addon, name: `redis-${app.name}`}, app: {name: app.name, uuid: app.id}})
      return [200, {maintenances: [maintenance]}, {'RateLimit-Remaining': String(remaining--)}]
    })
  }

  return {asked}
}

describe('data:maintenances', () => {
  let platform: nock.Scope
  let data: nock.Scope
  const savedTz = process.env.TZ
  let savedIsTty: PropertyDescriptor | undefined

  /** Output must not depend on the developer's terminal or zone. */
  function setStderrTty(isTTY: boolean): void {
    Object.defineProperty(process.stderr, 'isTTY', {configurable: true, value: isTTY, writable: true})
  }

  before(() => {
    savedIsTty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY')
  })

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
    delete process.env.TZ
    setStderrTty(false)
  })

  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ
    else process.env.TZ = savedTz
    if (savedIsTty) Object.defineProperty(process.stderr, 'isTTY', savedIsTty)
    else delete (process.stderr as {isTTY?: boolean}).isTTY
    platform.done()
    data.done()
  })

  /** The two GETs of the command: the app (for its id), then its maintenances. */
  function expectList(maintenances: Maintenance[]): void {
    platform.get('/apps/example-app').reply(200, anApp())
    data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances})
  }

  /** The apps, then one list per app (by id); staging-app answers 500 to every attempt when it is broken. */
  function expectFleet(options: {brokenStaging?: boolean} = {}): void {
    platform.get('/apps').reply(200, FLEET_APPS)
    data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: [tiny, redis]})
    data.get(`${MAINTENANCES}/apps/app-id-3`).reply(200, {maintenances: []})
    if (options.brokenStaging) data.get(`${MAINTENANCES}/apps/app-id-2`).times(3).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})
    else data.get(`${MAINTENANCES}/apps/app-id-2`).reply(200, {maintenances: [onStaging]})
  }

  /** Twelve apps whose lists answer after a short while, counting how many are asked at once. */
  function expectSlowFleet(): {maxInFlight: () => number} {
    let inFlight = 0
    let max = 0
    const apps = Array.from({length: 12}, (_, i) => anApp({id: `app-id-${i}`, name: `app-${String(i).padStart(2, '0')}`}))
    platform.get('/apps').reply(200, apps)
    data.get(/^\/data\/maintenances\/v1\/apps\/app-id-\d+$/).times(apps.length).reply((_uri, _body, callback) => {
      inFlight++
      max = Math.max(max, inFlight)
      setTimeout(() => {
        inFlight--
        callback(null, [200, {maintenances: []}])
      }, 15)
    })
    return {maxInFlight: () => max}
  }

  it('looks up the app id, lists its maintenances and prints them soonest required_by first, missing last', async () => {
    expectList([redis, tiny, postgres])

    const {exitCode, stderr, stdout} = await run(['data:maintenances', '--app', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal(lines(HEADER, RULE, POSTGRES, REDIS, TINY))
    expect(stderr).to.equal('')
  })

  it('adds the kind and plan columns with --extended and -x', async () => {
    for (const flag of ['--extended', '-x']) {
      expectList([redis, postgres])

      const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app', flag])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal(lines(
        'Addon                    Attachments                               Window                      Status   Required by              Scheduled for            Kind               Plan',
        '───────────────────────  ────────────────────────────────────────  ──────────────────────────  ───────  ───────────────────────  ───────────────────────  ─────────────────  ──────────',
        'postgresql-shaped-11111  DATABASE_URL, HEROKU_POSTGRESQL_PINK_URL  Sundays 14:30 to 18:30 UTC  pending  2026-11-20 10:00:00 UTC  -                        heroku-postgresql  standard-0',
        'redis-lively-12345       REDIS_URL                                 Fridays 18:00 to 22:00 UTC  ready    2026-12-03 08:54:02 UTC  2026-11-27 18:00:00 UTC  heroku-redis       premium-0',
      ))
    }
  })

  it('prints only --columns, in the order given (extended columns included)', async () => {
    expectList([redis, postgres])

    const {stdout} = await run(['data:maintenances', '-a', 'example-app', '--columns', 'plan,addon,status'])

    expect(stdout).to.equal(lines(
      'Plan        Addon                    Status',
      '──────────  ───────────────────────  ───────',
      'standard-0  postgresql-shaped-11111  pending',
      'premium-0   redis-lively-12345       ready',
    ))
  })

  it('sorts chronologically by a time column, ascending and with - descending; missing values last both ways', async () => {
    const early = aMaintenance({addon: {...redis.addon, name: 'redis-early'}, required_by: null, scheduled_for: '2026-11-02T18:00:00.000+00:00'})
    const late = aMaintenance({addon: {...redis.addon, name: 'redis-late'}, required_by: null, scheduled_for: '2026-11-30T09:00:00.000+00:00'})
    const none = aMaintenance({addon: {...redis.addon, name: 'redis-none'}, required_by: null, scheduled_for: null, status: 'none'})

    expectList([late, none, early])
    const ascending = await run(['data:maintenances', '-a', 'example-app', '--sort', 'scheduled_for', '--columns', 'addon,scheduled_for'])
    expectList([late, none, early])
    const descending = await run(['data:maintenances', '-a', 'example-app', '--sort', '-scheduled_for', '--columns', 'addon,scheduled_for'])

    expect(ascending.stdout).to.equal(lines(
      'Addon        Scheduled for',
      '───────────  ───────────────────────',
      'redis-early  2026-11-02 18:00:00 UTC',
      'redis-late   2026-11-30 09:00:00 UTC',
      'redis-none   -',
    ))
    expect(descending.stdout).to.equal(lines(
      'Addon        Scheduled for',
      '───────────  ───────────────────────',
      'redis-late   2026-11-30 09:00:00 UTC',
      'redis-early  2026-11-02 18:00:00 UTC',
      'redis-none   -',
    ))
  })

  it('sorts by a text column in both directions', async () => {
    expectList([redis, tiny, postgres])
    const ascending = await run(['data:maintenances', '-a', 'example-app', '--sort', 'status', '--columns', 'status'])
    expectList([redis, tiny, postgres])
    const descending = await run(['data:maintenances', '-a', 'example-app', '--sort', '-status', '--columns', 'status'])

    expect(ascending.stdout).to.equal(lines('Status', '─────────', 'completed', 'pending', 'ready'))
    expect(descending.stdout).to.equal(lines('Status', '─────────', 'ready', 'pending', 'completed'))
  })

  it('keeps rows whose printed value contains every --filter text, ignoring case', async () => {
    expectList([redis, tiny, postgres])
    const byStatus = await run(['data:maintenances', '-a', 'example-app', '--filter', 'status=READ'])
    expectList([redis, tiny, postgres])
    const byTimeAndKind = await run(['data:maintenances', '-a', 'example-app', '--filter', 'required_by=2026-1', '--filter', 'kind=redis'])

    const onlyRedis = lines(
      'Addon               Attachments  Window                      Status  Required by              Scheduled for',
      '──────────────────  ───────────  ──────────────────────────  ──────  ───────────────────────  ───────────────────────',
      'redis-lively-12345  REDIS_URL    Fridays 18:00 to 22:00 UTC  ready   2026-12-03 08:54:02 UTC  2026-11-27 18:00:00 UTC',
    )
    expect(byStatus.stdout).to.equal(onlyRedis)
    // required_by=2026-1 matches the printed time of redis and postgres, kind=redis then leaves only redis-lively.
    expect(byTimeAndKind.stdout).to.equal(onlyRedis)
  })

  it('says so when --filter leaves no row', async () => {
    expectList([redis, postgres])

    const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app', '--filter', 'status=running'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal('No add-on of example-app matches --filter status=running.\n')
  })

  it('prints CSV with the column keys as header, quoting a value that contains a comma', async () => {
    expectList([redis, tiny, postgres])

    const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app', '--csv'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal(lines(
      'addon,attachments,window,status,required_by,scheduled_for',
      'postgresql-shaped-11111,"DATABASE_URL, HEROKU_POSTGRESQL_PINK_URL",Sundays 14:30 to 18:30 UTC,pending,2026-11-20 10:00:00 UTC,-',
      'redis-lively-12345,REDIS_URL,Fridays 18:00 to 22:00 UTC,ready,2026-12-03 08:54:02 UTC,2026-11-27 18:00:00 UTC',
      'redis-tiny-54321,HEROKU_REDIS_GRAY_URL,-,completed,-,-',
    ))
  })

  it('prints the API objects unchanged with --json, filtered and in the table order', async () => {
    const withExtra = {...redis, extra_field: 'kept'}
    expectList([withExtra, tiny, postgres])

    const {exitCode, result, stdout} = await run(['data:maintenances', '-a', 'example-app', '--filter', 'kind=heroku-', '--sort', '-status', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal([withExtra, postgres, tiny])
    expect(result).to.deep.equal([withExtra, postgres, tiny])
  })

  it('says when the app has no data add-ons, exit 0', async () => {
    expectList([])

    const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal('example-app has no Postgres or Key-Value Store add-ons.\n')
  })

  it('prints [] with --json and only the header with --csv when the app has no data add-ons', async () => {
    expectList([])
    const json = await run(['data:maintenances', '-a', 'example-app', '--json'])
    expectList([])
    const csv = await run(['data:maintenances', '-a', 'example-app', '--csv', '-x'])

    expect(json.exitCode).to.equal(0)
    expect(JSON.parse(json.stdout)).to.deep.equal([])
    expect(csv.exitCode).to.equal(0)
    expect(csv.stdout).to.equal('addon,attachments,window,status,required_by,scheduled_for,kind,plan\n')
  })

  describe('refuses bad input with exit 1 before any request', () => {
    const valid = 'valid columns: addon, attachments, window, status, required_by, scheduled_for, kind, plan.'
    for (const [argv, message] of [
      [['--columns', 'addon,colour'], `--columns: unknown column "colour"; ${valid}`],
      [['--sort', 'size'], `--sort: unknown column "size"; ${valid}`],
      [['--filter', 'status'], `--filter "status" is not COLUMN=TEXT (for example status=ready); ${valid}`],
      [['--filter', 'owner=me'], `--filter: unknown column "owner"; ${valid}`],
    ] as const) {
      it(`${argv.join(' ')}`, async () => {
        // No interceptor: any request would fail with a different error and exit 2.
        const {exitCode, stderr, stdout} = await run(['data:maintenances', '-a', 'example-app', ...argv])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(`Error: ${message}\n`)
        expect(stdout).to.equal('')
      })
    }

    it('refuses --csv together with --json', async () => {
      const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app', '--csv', '--json'])

      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout).error).to.include({exit_code: 1, id: 'invalid_input'})
    })
  })

  it('names an unknown app as bad input, exit 1', async () => {
    platform.get('/apps/no-such-app').reply(404, {id: 'not_found', message: 'Couldn\'t find that app.'})

    const {exitCode, stderr} = await run(['data:maintenances', '-a', 'no-such-app'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: App no-such-app was not found: check the name with `heroku apps`.\n')
  })

  it('refuses an empty --app before any request, exit 1', async () => {
    const {exitCode, stderr} = await run(['data:maintenances', '-a', ''])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: --app is empty: give the name of an app (or leave the flag out to use HEROKU_APP or the git remote).\n')
  })

  it('shows the Data API message for 401, exit 2', async () => {
    platform.get('/apps/example-app').reply(200, anApp())
    data.get(`${MAINTENANCES}/apps/app-id-1`).reply(401, {id: 'unauthorized', message: 'Invalid credentials provided.'})

    const {exitCode, stderr} = await run(['data:maintenances', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: Invalid credentials provided. (401 Unauthorized)\n')
  })

  it('retries a 500 on the list three times in all, then exits 2', async () => {
    platform.get('/apps/example-app').reply(200, anApp())
    data.get(`${MAINTENANCES}/apps/app-id-1`).times(3).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})

    const {exitCode, stderr} = await run(['data:maintenances', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: Internal server error. (500 Internal Server Error)\n')
  })

  it('gives a JSON error with --json', async () => {
    platform.get('/apps/example-app').reply(403, {id: 'forbidden', message: 'You do not have access to the app example-app.'})

    const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(2)
    expect(JSON.parse(stdout)).to.deep.equal({
      error: {exit_code: 2, id: 'forbidden', message: 'You do not have access to the app example-app. (403 Forbidden)', status: 403},
    })
  })

  describe('--tz', () => {
    const BERLIN_REDIS = 'redis-lively-12345  REDIS_URL    Fridays 18:00 to 22:00 UTC  ready   2026-12-03 09:54:02 GMT+1 (2026-12-03 08:54:02 UTC)  2026-11-27 19:00:00 GMT+1 (2026-11-27 18:00:00 UTC)'
    const BERLIN = lines(
      'Addon               Attachments  Window                      Status  Required by                                          Scheduled for',
      '──────────────────  ───────────  ──────────────────────────  ──────  ───────────────────────────────────────────────────  ───────────────────────────────────────────────────',
      BERLIN_REDIS,
    )

    it('shows the times in that zone beside UTC', async () => {
      expectList([redis])

      const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app', '--tz', 'Europe/Berlin'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal(BERLIN)
    })

    it('takes the zone from TZ when it names one, and --tz over TZ', async () => {
      process.env.TZ = 'Europe/Berlin'
      expectList([redis])
      const fromEnv = await run(['data:maintenances', '-a', 'example-app'])
      expectList([redis])
      const flagWins = await run(['data:maintenances', '-a', 'example-app', '--tz', 'UTC', '--columns', 'scheduled_for'])

      expect(fromEnv.stdout).to.equal(BERLIN)
      expect(flagWins.stdout).to.equal(lines('Scheduled for', '───────────────────────', '2026-11-27 18:00:00 UTC'))
    })

    it('ignores a TZ that is not an IANA zone', async () => {
      process.env.TZ = ':/etc/localtime'
      expectList([redis])

      const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app', '--columns', 'scheduled_for'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal(lines('Scheduled for', '───────────────────────', '2026-11-27 18:00:00 UTC'))
    })

    it('leaves --json as the API objects', async () => {
      expectList([redis])

      const {stdout} = await run(['data:maintenances', '-a', 'example-app', '--tz', 'Asia/Tokyo', '--json'])

      expect(JSON.parse(stdout)).to.deep.equal([redis])
    })

    it('refuses an unknown zone with exit 1, naming it, before any request (with or without --app)', async () => {
      for (const argv of [['-a', 'example-app'], []]) {
        const {exitCode, stderr, stdout} = await run(['data:maintenances', ...argv, '--tz', 'Mars/Olympus'])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal('Error: Unknown time zone "Mars/Olympus" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.\n')
        expect(stdout).to.equal('')
      }
    })
  })

  describe('no app and no --all: exit 1, one line, nothing sent', () => {
    const NO_APP = 'Error: No app given: pass --app APP or --remote REMOTE (or set HEROKU_APP) for one app, or --all to list every app you can access.\n'

    for (const argv of [[], ['--ics'], ['--columns', 'addon'], ['--concurrency', '4']]) {
      it(`refuses data:maintenances ${argv.join(' ')}`.trim(), async () => {
        const {exitCode, stderr, stdout} = await run(['data:maintenances', ...argv])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal(NO_APP)
        expect(stdout).to.equal('')
      })
    }

    it('gives a JSON error with --json', async () => {
      const {exitCode, stdout} = await run(['data:maintenances', '--json'])

      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout)).to.deep.equal({error: {exit_code: 1, id: 'invalid_input', message: NO_APP.slice('Error: '.length, -1)}})
    })

    for (const other of [['--app', 'example-app'], ['-a', 'example-app']]) {
      it(`refuses --all with ${other[0]}, naming it`, async () => {
        const {exitCode, stderr} = await run(['data:maintenances', '--all', ...other])

        expect(exitCode).to.equal(1)
        const flag = other[0] === '-a' ? '--app' : other[0]
        expect(stderr).to.equal(`Error: --all lists every app you can access: leave out ${flag}, or leave out --all to list one app.\n`)
      })
    }

    it('lets --all win over HEROKU_APP', async () => {
      process.env.HEROKU_APP = 'example-app'
      try {
        platform.get('/apps').reply(200, [anApp()])
        data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: [redis]})

        const {exitCode, stdout} = await run(['data:maintenances', '--all', '--columns', 'app,addon'])

        expect(exitCode).to.equal(0)
        expect(stdout).to.equal(lines('App          Addon', '───────────  ──────────────────', 'example-app  redis-lively-12345'))
      } finally {
        delete process.env.HEROKU_APP
      }
    })
  })

  describe('--all: every app', () => {
    const FLEET_HEADER = 'App          Addon                    Attachments                               Window                      Status     Required by              Scheduled for'
    const FLEET_RULE = '───────────  ───────────────────────  ────────────────────────────────────────  ──────────────────────────  ─────────  ───────────────────────  ───────────────────────'
    const FLEET_POSTGRES = 'staging-app  postgresql-shaped-11111  DATABASE_URL, HEROKU_POSTGRESQL_PINK_URL  Sundays 14:30 to 18:30 UTC  pending    2026-11-20 10:00:00 UTC  -'
    const FLEET_REDIS = 'example-app  redis-lively-12345       REDIS_URL                                 Fridays 18:00 to 22:00 UTC  ready      2026-12-03 08:54:02 UTC  2026-11-27 18:00:00 UTC'
    const FLEET_TINY = 'example-app  redis-tiny-54321         HEROKU_REDIS_GRAY_URL                     -                           completed  -                        -'
    const FLEET_WARNING = 'Warning: could not list maintenances of staging-app: Internal server error. (500 Internal Server Error)\n'

    it('lists every app\'s maintenances with an app column, soonest required_by first', async () => {
      expectFleet()

      const {exitCode, stderr, stdout} = await run(['data:maintenances', '--all'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal(lines(FLEET_HEADER, FLEET_RULE, FLEET_POSTGRES, FLEET_REDIS, FLEET_TINY))
      expect(stderr).to.equal('')
    })

    it('prints one array of the API objects with --json, nothing added', async () => {
      expectFleet()

      const {exitCode, result, stdout} = await run(['data:maintenances', '--all', '--json'])

      expect(exitCode).to.equal(0)
      expect(JSON.parse(stdout)).to.deep.equal([onStaging, redis, tiny])
      expect(result).to.deep.equal([onStaging, redis, tiny])
    })

    it('sorts, filters and picks columns, app included', async () => {
      expectFleet()

      const {stdout} = await run(['data:maintenances', '--all', '--filter', 'app=example', '--sort', '-plan', '--columns', 'addon,app,plan'])

      expect(stdout).to.equal(lines(
        'Addon               App          Plan',
        '──────────────────  ───────────  ─────────',
        'redis-lively-12345  example-app  premium-0',
        'redis-tiny-54321    example-app  mini',
      ))
    })

    it('prints CSV with an app column', async () => {
      expectFleet()

      const {stdout} = await run(['data:maintenances', '--all', '--csv', '--columns', 'app,addon,status'])

      expect(stdout).to.equal(lines('app,addon,status', 'staging-app,postgresql-shaped-11111,pending', 'example-app,redis-lively-12345,ready', 'example-app,redis-tiny-54321,completed'))
    })

    it('prints the apps that answered and warns about the one that failed, exit 2', async () => {
      expectFleet({brokenStaging: true})

      const {exitCode, stderr, stdout} = await run(['data:maintenances', '--all'])

      expect(exitCode).to.equal(2)
      expect(stderr).to.equal(FLEET_WARNING)
      expect(stdout).to.equal(lines(
        'App          Addon               Attachments            Window                      Status     Required by              Scheduled for',
        '───────────  ──────────────────  ─────────────────────  ──────────────────────────  ─────────  ───────────────────────  ───────────────────────',
        'example-app  redis-lively-12345  REDIS_URL              Fridays 18:00 to 22:00 UTC  ready      2026-12-03 08:54:02 UTC  2026-11-27 18:00:00 UTC',
        'example-app  redis-tiny-54321    HEROKU_REDIS_GRAY_URL  -                           completed  -                        -',
      ))
    })

    it('under --json: the array of what answered on stdout, the warning on stderr, exit 2', async () => {
      expectFleet({brokenStaging: true})

      const {exitCode, stderr, stdout} = await run(['data:maintenances', '--all', '--json'])

      expect(exitCode).to.equal(2)
      expect(JSON.parse(stdout)).to.deep.equal([redis, tiny])
      expect(stderr).to.equal(FLEET_WARNING)
    })

    it('says so when the apps that answered have no data add-ons, still exit 2 for the one that failed', async () => {
      platform.get('/apps').reply(200, FLEET_APPS)
      data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: []})
      data.get(`${MAINTENANCES}/apps/app-id-2`).reply(403, {id: 'forbidden', message: 'You do not have access to the app staging-app.'})
      data.get(`${MAINTENANCES}/apps/app-id-3`).reply(200, {maintenances: []})

      const {exitCode, stderr, stdout} = await run(['data:maintenances', '--all'])

      expect(exitCode).to.equal(2)
      expect(stdout).to.equal('No Postgres or Key-Value Store add-ons on 2 apps (1 could not be listed).\n')
      expect(stderr).to.equal('Warning: could not list maintenances of staging-app: You do not have access to the app staging-app. (403 Forbidden)\n')
    })

    it('prints nothing on stdout when no app could be listed, exit 2', async () => {
      platform.get('/apps').reply(200, [anApp()])
      data.get(`${MAINTENANCES}/apps/app-id-1`).reply(404, {id: 'not_found', message: 'App not found.'})

      const {exitCode, stderr, stdout} = await run(['data:maintenances', '--all'])

      expect(exitCode).to.equal(2)
      expect(stdout).to.equal('')
      expect(stderr).to.equal('Warning: could not list maintenances of example-app: App not found. (404 Not Found)\n')
    })

    it('says when no app has data add-ons, exit 0', async () => {
      platform.get('/apps').reply(200, [anApp()])
      data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: []})

      const {exitCode, stdout} = await run(['data:maintenances', '--all'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal('No Postgres or Key-Value Store add-ons on 1 app.\n')
    })

    it('with no apps: a message, exit 0; [] with --json; only the header with --csv', async () => {
      platform.get('/apps').times(3).reply(200, [])
      const human = await run(['data:maintenances', '--all'])
      const json = await run(['data:maintenances', '--all', '--json'])
      const csv = await run(['data:maintenances', '--all', '--csv'])

      expect(human.exitCode).to.equal(0)
      expect(human.stdout).to.equal('You have no apps: there is no maintenance to list.\n')
      expect(json.exitCode).to.equal(0)
      expect(JSON.parse(json.stdout)).to.deep.equal([])
      expect(csv.stdout).to.equal('app,addon,attachments,window,status,required_by,scheduled_for\n')
    })

    it('is fatal when the apps cannot be listed, exit 2', async () => {
      platform.get('/apps').reply(401, {id: 'unauthorized', message: 'Invalid credentials provided.'})

      const {exitCode, stderr, stdout} = await run(['data:maintenances', '--all'])

      expect(exitCode).to.equal(2)
      expect(stderr).to.equal('Error: Invalid credentials provided. (401 Unauthorized)\n')
      expect(stdout).to.equal('')
    })

    it('uses HEROKU_APP as --app', async () => {
      process.env.HEROKU_APP = 'example-app'
      try {
        expectList([redis])
        const {exitCode, stdout} = await run(['data:maintenances', '--columns', 'addon'])

        expect(exitCode).to.equal(0)
        expect(stdout).to.equal(lines('Addon', '──────────────────', 'redis-lively-12345'))
      } finally {
        delete process.env.HEROKU_APP
      }
    })

    describe('--rate-limit-reserve: the account\'s API budget is spared', () => {
      const STOPPED = [
        'Error: 2 of 6 apps were not read: the API rate limit had 100 requests left, at or below the reserve of 100 (--rate-limit-reserve)',
        'kept for the account\'s other uses such as deploys. It refills at about 75 requests a minute: run it again later.\n',
      ].join(' ')

      it('starts no request once RateLimit-Remaining falls to the reserve (default 100), prints what it read, says what it did not, exit 2', async () => {
        const {asked} = expectFallingBudget({data, platform}, 104)

        const {exitCode, stderr, stdout} = await run(['data:maintenances', '--all', '--concurrency', '1', '--columns', 'app,addon'])

        expect(asked).to.deep.equal(['app-0', 'app-1', 'app-2', 'app-3'])
        expect(exitCode).to.equal(2)
        expect(stdout).to.equal(lines(
          'App    Addon',
          '─────  ───────────',
          'app-0  redis-app-0',
          'app-1  redis-app-1',
          'app-2  redis-app-2',
          'app-3  redis-app-3',
        ))
        expect(stderr).to.equal(STOPPED)
      })

      it('gives the error id rate_limit_reserve under --json, with what was read and the apps not read', async () => {
        expectFallingBudget({data, platform}, 104)

        const {exitCode, stdout} = await run(['data:maintenances', '--all', '--concurrency', '1', '--json'])

        expect(exitCode).to.equal(2)
        const document = JSON.parse(stdout)
        expect(document.error).to.deep.equal({exit_code: 2, id: 'rate_limit_reserve', message: STOPPED.slice('Error: '.length, -1)})
        expect(document.apps_not_read).to.deep.equal(['app-4', 'app-5'])
        expect(document.maintenances.map((m: Maintenance) => m.app.name)).to.deep.equal(['app-0', 'app-1', 'app-2', 'app-3'])
      })

      it('takes another reserve from the flag, and 0 reads while any request is left', async () => {
        const first = expectFallingBudget({data, platform}, 10)
        const reserved = await run(['data:maintenances', '--all', '--concurrency', '1', '--rate-limit-reserve', '7', '--columns', 'app'])
        expect(first.asked).to.deep.equal(['app-0', 'app-1', 'app-2'])
        expect(reserved.exitCode).to.equal(2)
        expect(reserved.stderr).to.match(/^Error: 3 of 6 apps were not read: the API rate limit had 7 requests left, at or below the reserve of 7 /)

        nock.cleanAll()
        const second = expectFallingBudget({data, platform}, 10)
        const none = await run(['data:maintenances', '--all', '--rate-limit-reserve', '0', '--columns', 'app'])
        expect(second.asked).to.have.length(6)
        expect(none.exitCode).to.equal(0)
        expect(none.stderr).to.equal('')
      })

      it('lets the requests in flight finish, and does not retry a 429 once the reserve is reached', async () => {
        const {asked} = expectFallingBudget({data, platform}, 1000, {rateLimitedApp: 'app-2'})

        const {exitCode, stderr, stdout} = await run(['data:maintenances', '--all', '--concurrency', '1', '--columns', 'app'])

        expect(asked, 'app-2 asked once, then nothing more').to.deep.equal(['app-0', 'app-1', 'app-2'])
        expect(exitCode).to.equal(2)
        expect(stdout).to.equal(lines('App', '─────', 'app-0', 'app-1'))
        expect(stderr).to.match(/^Error: 4 of 6 apps were not read: the API rate limit had 0 requests left, at or below the reserve of 100 /)
      })

      for (const value of ['-1', '4501', '1.5', 'lots', '']) {
        it(`refuses --rate-limit-reserve ${JSON.stringify(value)} before any request, exit 1`, async () => {
          const {exitCode, stderr} = await run(['data:maintenances', '--all', `--rate-limit-reserve=${value}`])

          expect(exitCode).to.equal(1)
          expect(stderr).to.equal(`Error: --rate-limit-reserve ${JSON.stringify(value)} is not valid: give a whole number of requests from 0 to 4500.\n`)
        })
      }
    })

    describe('--concurrency', () => {
      it('asks at most 8 apps at once by default', async () => {
        const slow = expectSlowFleet()

        const {exitCode} = await run(['data:maintenances', '--all'])

        expect(exitCode).to.equal(0)
        expect(slow.maxInFlight()).to.equal(8)
      })

      for (const limit of ['1', '3', '32']) {
        it(`asks at most ${limit} at once with --concurrency ${limit}`, async () => {
          const slow = expectSlowFleet()

          const {exitCode, stdout} = await run(['data:maintenances', '--all', '--concurrency', limit])

          expect(exitCode).to.equal(0)
          expect(slow.maxInFlight()).to.equal(Math.min(Number(limit), 12))
          expect(stdout).to.equal('No Postgres or Key-Value Store add-ons on 12 apps.\n')
        })
      }

      for (const value of ['0', '33', 'many', '2.5']) {
        it(`refuses --concurrency ${JSON.stringify(value)} with exit 1 before any request`, async () => {
          const {exitCode, stderr} = await run(['data:maintenances', '--all', `--concurrency=${value}`])

          expect(exitCode).to.equal(1)
          expect(stderr).to.equal(`Error: --concurrency ${JSON.stringify(value)} is not valid: give a whole number from 1 to 32.\n`)
        })
      }

      it('is validated with --app too', async () => {
        const {exitCode, stderr} = await run(['data:maintenances', '-a', 'example-app', '--concurrency', '0'])

        expect(exitCode).to.equal(1)
        expect(stderr).to.equal('Error: --concurrency "0" is not valid: give a whole number from 1 to 32.\n')
      })
    })

    it('refuses a table option for the app column only in fleet mode: with --app there is no app column', async () => {
      const {exitCode, stderr} = await run(['data:maintenances', '-a', 'example-app', '--columns', 'app'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: --columns: unknown column "app"; valid columns: addon, attachments, window, status, required_by, scheduled_for, kind, plan.\n')
    })

    it('shows the times in --tz in fleet mode too', async () => {
      platform.get('/apps').reply(200, [anApp()])
      data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: [redis]})

      const {stdout} = await run(['data:maintenances', '--all', '--tz', 'America/New_York', '--columns', 'app,scheduled_for'])

      expect(stdout).to.equal(lines(
        'App          Scheduled for',
        '───────────  ─────────────────────────────────────────────────',
        'example-app  2026-11-27 13:00:00 EST (2026-11-27 18:00:00 UTC)',
      ))
    })

    describe('on a terminal', () => {
      it('shows the progress on stderr, rewritten in place and erased before the warnings', async () => {
        setStderrTty(true)
        platform.get('/apps').reply(200, FLEET_APPS)
        data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: [redis]})
        data.get(`${MAINTENANCES}/apps/app-id-2`).times(3).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})
        data.get(`${MAINTENANCES}/apps/app-id-3`).reply(200, {maintenances: []})

        const {exitCode, stderr} = await run(['data:maintenances', '--all', '--concurrency', '1'])

        expect(exitCode).to.equal(2)
        const blank = ' '.repeat('Fetching maintenances: 3/3 apps'.length)
        expect(stderr).to.equal([
          '\rFetching maintenances: 0/3 apps',
          '\rFetching maintenances: 1/3 apps',
          '\rFetching maintenances: 2/3 apps',
          '\rFetching maintenances: 3/3 apps',
          `\r${blank}\r`,
          FLEET_WARNING,
        ].join(''))
      })

      it('shows no progress with --app', async () => {
        setStderrTty(true)
        expectList([redis])

        const {stderr} = await run(['data:maintenances', '-a', 'example-app'])

        expect(stderr).to.equal('')
      })
    })
  })

  describe('on a terminal: the table fits its width', () => {
    const plainTerminal = {env: {FORCE_COLOR: undefined, NO_COLOR: '1'}, keepAnsi: true, terminal: {columns: 80}}
    const colorTerminal = {env: {FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm'}, keepAnsi: true, terminal: {columns: 80}}

    it('at 80 columns: short headers, minutes under a header naming UTC, attachments and window left out', async () => {
      expectList([redis, tiny, postgres])

      const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app'], plainTerminal)

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal(lines(
        'Addon                    Status     Required by (UTC)  Scheduled (UTC)',
        '───────────────────────  ─────────  ─────────────────  ────────────────',
        'postgresql-shaped-11111  pending    2026-11-20 10:00   -',
        'redis-lively-12345       ready      2026-12-03 08:54   2026-11-27 18:00',
        'redis-tiny-54321         completed  -                  -',
      ))
    })

    it('at 200 columns: every column, in its short form', async () => {
      expectList([redis, postgres])

      const {stdout} = await run(['data:maintenances', '-a', 'example-app'], {...plainTerminal, terminal: {columns: 200}})

      expect(stdout).to.equal(lines(
        'Addon                    Attachments                               Window (UTC)     Status   Required by (UTC)  Scheduled (UTC)',
        '───────────────────────  ────────────────────────────────────────  ───────────────  ───────  ─────────────────  ────────────────',
        'postgresql-shaped-11111  DATABASE_URL, HEROKU_POSTGRESQL_PINK_URL  Sun 14:30-18:30  pending  2026-11-20 10:00   -',
        'redis-lively-12345       REDIS_URL                                 Fri 18:00-22:00  ready    2026-12-03 08:54   2026-11-27 18:00',
      ))
    })

    it('takes the width from COLUMNS before the terminal\'s own', async () => {
      expectList([redis])

      const {stdout} = await run(['data:maintenances', '-a', 'example-app'], {env: {...plainTerminal.env, COLUMNS: '60'}, terminal: {columns: 200}})

      expect(lines(...stdout.trimEnd().split('\n'))).to.equal(lines(
        'Addon               Status  Scheduled (UTC)',
        '──────────────────  ──────  ────────────────',
        'redis-lively-12345  ready   2026-11-27 18:00',
      ))
    })

    it('-x at 80 columns keeps kind and plan, leaving out required_by', async () => {
      expectList([redis, postgres])

      const {stdout} = await run(['data:maintenances', '-a', 'example-app', '-x'], plainTerminal)

      expect(stdout).to.equal(lines(
        'Addon                    Status   Scheduled (UTC)   Kind        Plan',
        '───────────────────────  ───────  ────────────────  ──────────  ──────────',
        'postgresql-shaped-11111  pending  -                 postgresql  standard-0',
        'redis-lively-12345       ready    2026-11-27 18:00  redis       premium-0',
      ))
    })

    it('--all at 80 columns puts the app first and keeps the names whole', async () => {
      expectFleet()

      const {stdout} = await run(['data:maintenances', '--all'], plainTerminal)

      expect(stdout).to.equal(lines(
        'App          Addon                    Status     Scheduled (UTC)',
        '───────────  ───────────────────────  ─────────  ────────────────',
        'staging-app  postgresql-shaped-11111  pending    -',
        'example-app  redis-lively-12345       ready      2026-11-27 18:00',
        'example-app  redis-tiny-54321         completed  -',
      ))
    })

    it('--all at 80 columns cuts long names with an ellipsis, and nothing else', async () => {
      const longApp = anApp({id: 'app-id-4', name: 'payments-production-eu-west'})
      const longAddon = aMaintenance({...redis, addon: {...redis.addon, name: 'redis-contoured-horizontal-98765'}, app: {name: longApp.name, uuid: longApp.id}})
      platform.get('/apps').reply(200, [longApp])
      data.get(`${MAINTENANCES}/apps/app-id-4`).reply(200, {maintenances: [longAddon]})

      const {stdout} = await run(['data:maintenances', '--all'], plainTerminal)

      expect(stdout).to.equal(lines(
        'App                         Addon                       Status  Scheduled (UTC)',
        '──────────────────────────  ──────────────────────────  ──────  ────────────────',
        'payments-production-eu-we…  redis-contoured-horizonta…  ready   2026-11-27 18:00',
      ))
      expect(widest(stdout)).to.be.at.most(80)
    })

    it('--tz at 80 columns shows the times in that zone alone, the header naming it', async () => {
      expectList([redis])

      const {stdout} = await run(['data:maintenances', '-a', 'example-app', '--tz', 'Europe/Berlin'], plainTerminal)

      expect(stdout).to.equal(lines(
        'Addon               Status  Required by (Berlin)  Scheduled (Berlin)',
        '──────────────────  ──────  ────────────────────  ──────────────────',
        'redis-lively-12345  ready   2026-12-03 09:54      2026-11-27 19:00',
      ))
    })

    it('keeps every column --columns names, and --csv in full', async () => {
      expectList([redis, postgres])
      const chosen = await run(['data:maintenances', '-a', 'example-app', '--columns', 'addon,attachments,scheduled_for,plan'], {...plainTerminal, terminal: {columns: 60}})
      expectList([redis])
      const csv = await run(['data:maintenances', '-a', 'example-app', '--csv', '--columns', 'addon,scheduled_for'], {...colorTerminal, terminal: {columns: 20}})

      expect(chosen.stdout.split('\n')[0]).to.equal('Addon           Attachments     Scheduled (UTC)   Plan')
      expect(chosen.stdout.split('\n')[2]).to.equal('postgresql-sh…  DATABASE_URL,…  -                 standard-0')
      expect(csv.stdout).to.equal(lines('addon,scheduled_for', 'redis-lively-12345,2026-11-27 18:00:00 UTC'))
    })

    it('colours add-ons, apps and statuses on a colour terminal, without counting the codes as width', async () => {
      expectFleet()

      const {stdout} = await run(['data:maintenances', '--all'], colorTerminal)

      expect(stdout.split('\n')[3]).to.equal('\u001B[35mexample-app\u001B[39m  \u001B[33mredis-lively-12345\u001B[39m       \u001B[33mready\u001B[39m      2026-11-27 18:00')
      expect(stdout).to.include('\u001B[32mcompleted\u001B[39m')
      expect(stripAnsi(stdout).split('\n')[3]).to.equal('example-app  redis-lively-12345       ready      2026-11-27 18:00')
    })

    it('colours a warning on stderr yellow', async () => {
      expectFleet({brokenStaging: true})

      const {stderr} = await run(['data:maintenances', '--all'], colorTerminal)

      expect(stderr.split(/\r/).at(-1)).to.equal(`\u001B[33m${FLEET_WARNING_TEXT}\u001B[39m\n`)
    })

    it('colours no warning under --csv', async () => {
      expectFleet({brokenStaging: true})

      const {stderr, stdout} = await run(['data:maintenances', '--all', '--csv', '--columns', 'app'], colorTerminal)

      expect(stderr.split(/\r/).at(-1)).to.equal(`${FLEET_WARNING_TEXT}\n`)
      expect(stdout).to.equal(lines('app', 'example-app', 'example-app'))
    })

    it('colours nothing with NO_COLOR, --no-color, or --json', async () => {
      expectList([redis])
      const noColorEnv = await run(['data:maintenances', '-a', 'example-app'], plainTerminal)
      expectList([redis])
      const noColorFlag = await run(['data:maintenances', '-a', 'example-app', '--no-color'], colorTerminal)
      expectList([redis])
      const json = await run(['data:maintenances', '-a', 'example-app', '--json'], colorTerminal)

      expect(noColorEnv.stdout).to.equal(noColorFlag.stdout)
      expect(noColorFlag.stdout).not.to.include('\u001B[')
      expect(noColorFlag.stdout).to.include('redis-lively-12345  Fri 18:00-22:00  ready')
      expect(JSON.parse(json.stdout)).to.deep.equal([redis])
    })

    it('colours a piped table only with FORCE_COLOR, and shortens it never', async () => {
      expectList([redis])

      const {stdout} = await run(['data:maintenances', '-a', 'example-app'], {env: {FORCE_COLOR: '1', NO_COLOR: undefined}, keepAnsi: true})

      expect(stdout).to.include('\u001B[33mredis-lively-12345\u001B[39m  \u001B[36mREDIS_URL\u001B[39m')
      expect(stripAnsi(stdout)).to.equal(lines(
        'Addon               Attachments  Window                      Status  Required by              Scheduled for',
        '──────────────────  ───────────  ──────────────────────────  ──────  ───────────────────────  ───────────────────────',
        'redis-lively-12345  REDIS_URL    Fridays 18:00 to 22:00 UTC  ready   2026-12-03 08:54:02 UTC  2026-11-27 18:00:00 UTC',
      ))
    })
  })

  describe('--ics', () => {
    it('writes an iCalendar of the app\'s scheduled maintenances that have not completed', async () => {
      expectList([redis, tiny, postgres])
      const before = Date.now()

      const {exitCode, stderr, stdout} = await run(['data:maintenances', '-a', 'example-app', '--ics'])

      expect(exitCode).to.equal(0)
      expect(stderr).to.equal('')
      expect(stdout.split('\r\n').slice(0, 6)).to.deep.equal([
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//heroku-data-maintenance//Data maintenance calendar//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Heroku data maintenance',
      ])
      const events = readEvents(stdout)
      expect(events).to.have.length(1)
      const {dtstamp, ...event} = events[0]
      expect(event).to.deep.equal({
        description: 'Kind: heroku-redis\nPlan: premium-0\nRequired by: 2026-12-03 08:54:02 UTC\nWindow: Fridays 18:00 to 22:00 UTC\nStatus: ready',
        dtstart: '20261127T180000Z',
        duration: 'PT4H',
        summary: 'Maintenance: redis-lively-12345 (example-app)',
        uid: 'addon-id-1-20261203T085402Z@heroku-data-maintenance',
      })
      const stamp = Date.parse(dtstamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))
      expect(stamp).to.be.within(Math.floor(before / 1000) * 1000, Date.now())
    })

    it('applies --filter, and in fleet mode takes every app, warning about the one that failed (exit 2)', async () => {
      platform.get('/apps').reply(200, FLEET_APPS)
      const stagingReady = aMaintenance({...onStaging, scheduled_for: '2026-11-22T14:30:00.000+00:00', status: 'ready'})
      data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: [redis]})
      data.get(`${MAINTENANCES}/apps/app-id-2`).reply(200, {maintenances: [stagingReady]})
      data.get(`${MAINTENANCES}/apps/app-id-3`).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})
      data.get(`${MAINTENANCES}/apps/app-id-3`).times(2).reply(502, {id: 'bad_gateway', message: 'Bad gateway.'})

      const all = await run(['data:maintenances', '--all', '--ics'])

      expect(all.exitCode).to.equal(2)
      expect(all.stderr).to.equal('Warning: could not list maintenances of empty-app: Bad gateway. (502 Bad Gateway)\n')
      expect(readEvents(all.stdout).map(e => [e.summary, e.dtstart])).to.deep.equal([
        ['Maintenance: postgresql-shaped-11111 (staging-app)', '20261122T143000Z'],
        ['Maintenance: redis-lively-12345 (example-app)', '20261127T180000Z'],
      ])
    })

    it('writes an empty calendar and says so on stderr when nothing is scheduled', async () => {
      expectList([tiny, postgres])

      const {exitCode, stderr, stdout} = await run(['data:maintenances', '-a', 'example-app', '--ics'])

      expect(exitCode).to.equal(0)
      expect(readEvents(stdout)).to.deep.equal([])
      expect(stderr).to.equal('No upcoming scheduled maintenance: the calendar has no events.\n')
    })

    for (const other of ['--csv', '--columns=addon', '--sort=addon', '--sort=-addon']) {
      it(`refuses ${other} with --ics, exit 1, before any request`, async () => {
        const {exitCode, stderr, stdout} = await run(['data:maintenances', '-a', 'example-app', '--ics', other])

        expect(exitCode).to.equal(1)
        const name = other.replace(/=.*/, '')
        expect(stderr).to.equal(`Error: --ics prints an iCalendar file and cannot be combined with ${name}: leave out one of them.\n`)
        expect(stdout).to.equal('')
      })
    }

    it('refuses --json with --ics: a JSON error, exit 1, before any request', async () => {
      const {exitCode, stdout} = await run(['data:maintenances', '--ics', '--json'])

      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout)).to.deep.equal({
        error: {exit_code: 1, id: 'invalid_input', message: '--ics prints an iCalendar file and cannot be combined with --json: leave out one of them.'},
      })
    })
  })
})

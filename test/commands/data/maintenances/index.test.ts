import {expect} from 'chai'
import nock from 'nock'

import type {Maintenance} from '../../../../src/lib/maintenance/types.js'

import {dataApi, MAINTENANCES, platformApi} from '../../../helpers/api.js'
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

describe('data:maintenances', () => {
  let platform: nock.Scope
  let data: nock.Scope

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
  })

  afterEach(() => {
    platform.done()
    data.done()
  })

  /** The two GETs of the command: the app (for its id), then its maintenances. */
  function expectList(maintenances: Maintenance[]): void {
    platform.get('/apps/example-app').reply(200, anApp())
    data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances})
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

    it('requires --app', async () => {
      const {exitCode, stderr} = await run(['data:maintenances'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: No app given: pass --app APP (or set HEROKU_APP, or run inside a git checkout with one Heroku remote).\n')
    })

    it('refuses --csv together with --json', async () => {
      const {exitCode, stdout} = await run(['data:maintenances', '-a', 'example-app', '--csv', '--json'])

      expect(exitCode).to.equal(1)
      expect(JSON.parse(stdout).error).to.include({exit_code: 1, id: 'invalid_input'})
    })
  })

  it('shows the Platform API message for an unknown app, exit 2', async () => {
    platform.get('/apps/no-such-app').reply(404, {id: 'not_found', message: 'Couldn\'t find that app.'})

    const {exitCode, stderr} = await run(['data:maintenances', '-a', 'no-such-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: Couldn\'t find that app. (404 Not Found)\n')
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
})

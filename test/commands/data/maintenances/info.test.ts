import {expect} from 'chai'
import nock from 'nock'

import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {aMaintenance, anAddon} from '../../../helpers/fixtures.js'
import {run} from '../../../helpers/run.js'
import {TEST_TOKEN} from '../../../helpers/setup.js'

describe('data:maintenances:info', () => {
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

  it('resolves the attachment on the app and prints the flattened maintenance', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1`).reply(200, aMaintenance({
      completed_at: '2023-04-28T18:04:21.141+00:00',
      duration_seconds: '186',
      required_by: '2023-05-03T08:54:02.518+00:00',
      scheduled_for: '2023-04-28T18:00:00.000+00:00',
      started_at: '2023-04-28T18:01:14.191+00:00',
      status: 'completed',
    }))

    const {exitCode, stdout} = await run(['data:maintenances:info', 'REDIS_URL', '--app', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal([
      'addon_attachments: REDIS_URL',
      'addon_kind: heroku-redis',
      'addon_name: redis-lively-12345',
      'addon_plan: premium-0',
      'addon_window: Fridays 18:00 to 22:00 UTC',
      'app_name: example-app',
      'completed_at: 2023-04-28 18:04:21 UTC',
      'duration_approximate: ~ 3 minutes',
      'duration_seconds: 186',
      'method: failover',
      'reason: routine_maintenance',
      'required_by: 2023-05-03 08:54:02 UTC',
      'scheduled_for: 2023-04-28 18:00:00 UTC',
      'server_created_at: 2026-09-04 08:30:37 UTC',
      'started_at: 2023-04-28 18:01:14 UTC',
      'status: completed',
      'window: Fridays 18:00 to 22:00 UTC',
      '',
    ].join('\n'))
    expect(stdout).not.to.include('uuid')
  })

  it('colours the add-on, app, attachments and status on a colour terminal', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1`).reply(200, aMaintenance({status: 'ready'}))

    const {stdout} = await run(['data:maintenances:info', 'REDIS_URL', '--app', 'example-app'], {
      env: {FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm'},
      keepAnsi: true,
      terminal: {columns: 80},
    })

    expect(stdout).to.include('addon_attachments: \u001B[36mREDIS_URL\u001B[39m\n')
    expect(stdout).to.include('addon_name: \u001B[33mredis-lively-12345\u001B[39m\n')
    expect(stdout).to.include('app_name: \u001B[35mexample-app\u001B[39m\n')
    expect(stdout).to.include('status: \u001B[33mready\u001B[39m\n')
    expect(stdout).to.include('method: failover\n')
  })

  it('says how far away an upcoming maintenance is', async () => {
    const soon = new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString()
    expectResolve(platform, {addon: 'redis-lively-12345', app: null}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1`).reply(200, aMaintenance({scheduled_for: soon, status: 'ready'}))

    const {stdout} = await run(['data:maintenances:info', 'redis-lively-12345'])

    expect(stdout).to.match(/^scheduled_for: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 2 days\)$/m)
  })

  it('splits APP::ATTACHMENT into app and add-on for the resolve action', async () => {
    expectResolve(platform, {addon: 'DATABASE', app: 'staging-app'}, [anAddon({id: 'pg-1'})])
    data.get(`${MAINTENANCES}/pg-1`).reply(200, aMaintenance())

    const {exitCode} = await run(['data:maintenances:info', 'staging-app::DATABASE'])

    expect(exitCode).to.equal(0)
  })

  it('prints the API object unchanged with --json', async () => {
    const maintenance = {...aMaintenance(), extra_field: 'kept'}
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1`).reply(200, maintenance)

    const {exitCode, stdout} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal(maintenance)
  })

  it('names the candidates when the add-on is ambiguous, exit 1', async () => {
    expectResolve(platform, {addon: 'REDIS', app: null}, [
      anAddon({app: {id: 'a1', name: 'app-one'}, name: 'redis-one'}),
      anAddon({app: {id: 'a2', name: 'app-two'}, name: 'redis-two'}),
    ])

    const {exitCode, stderr} = await run(['data:maintenances:info', 'REDIS'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: Add-on REDIS is ambiguous: it matches redis-one (app app-one), redis-two (app app-two). Name one add-on, or pass --app.\n')
  })

  it('says that an attachment name needs an app, and how to give it, after the read-only resolve only, exit 1', async () => {
    platform.post('/actions/addons/resolve', {addon: 'REDIS_URL', app: null}).reply(404, {id: 'not_found', message: 'Couldn\'t find that add-on.'})

    const {exitCode, stderr, stdout} = await run(['data:maintenances:info', 'REDIS_URL'])

    expect(exitCode).to.equal(1)
    expect(stdout).to.equal('')
    const hint = 'pass --app APP (or --remote REMOTE, set HEROKU_APP, or write APP::REDIS_URL)'
    expect(stderr).to.equal(`Error: No add-on is named REDIS_URL, and an attachment name such as REDIS_URL needs its app: ${hint}.\n`)
  })

  it('names the add-on and app when nothing matches, exit 1', async () => {
    platform.post('/actions/addons/resolve').reply(404, {id: 'not_found', message: 'Couldn\'t find that add-on.'})

    const {exitCode, stderr} = await run(['data:maintenances:info', 'NOPE_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.include('Add-on NOPE_URL was not found on app example-app')
  })

  for (const [status, id, message] of [
    [401, 'unauthorized', 'Invalid credentials provided.'],
    [404, 'not_found', 'Maintenance not found.'],
    [422, 'invalid_params', 'This add-on has no maintenance.'],
  ] as const) {
    it(`shows the API's message for ${status} and exits 2`, async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1`).reply(status, {id, message})

      const {exitCode, stderr} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app'])

      expect(exitCode).to.equal(2)
      expect(stderr).to.include(message)
      expect(stderr.trim().split('\n')).to.have.length(1)
    })
  }

  it('retries a 500 on the GET within a bound, then exits 2', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1`).times(3).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})

    const {exitCode, stderr} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.include('Internal server error. (500 Internal Server Error)')
  })

  it('gives a JSON error with --json', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1`).reply(403, {id: 'forbidden', message: 'You do not have access to this add-on.'})

    const {exitCode, stdout} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(2)
    expect(JSON.parse(stdout)).to.deep.equal({
      error: {exit_code: 2, id: 'forbidden', message: 'You do not have access to this add-on. (403 Forbidden)', status: 403},
    })
  })

  it('never shows the token, even when the API echoes it back', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1`).reply(401, function () {
      return {id: 'unauthorized', message: `Bad token: ${this.req.headers.authorization}`}
    })

    const {stderr, stdout} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app'])

    expect(stderr).to.include('Bad token: Bearer [REDACTED]')
    expect(stderr + stdout).not.to.include(TEST_TOKEN)
  })

  it('refuses an empty APP:: reference with exit 1 and sends nothing', async () => {
    const {exitCode, stderr} = await run(['data:maintenances:info', 'example-app::'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.include('ADDON "example-app::" is not valid')
  })

  it('maps an unknown flag to exit 1', async () => {
    const {exitCode, stderr} = await run(['data:maintenances:info', 'REDIS_URL', '--bogus'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: Nonexistent flag: --bogus\n')
  })

  describe('--tz', () => {
    const completed = aMaintenance({
      completed_at: '2026-07-03T18:04:21.141+00:00',
      duration_seconds: '186',
      required_by: '2026-07-08T08:54:02.518+00:00',
      scheduled_for: '2026-07-03T18:00:00.000+00:00',
      started_at: '2026-07-03T18:01:14.191+00:00',
      status: 'completed',
    })
    const BERLIN = [
      'addon_attachments: REDIS_URL',
      'addon_kind: heroku-redis',
      'addon_name: redis-lively-12345',
      'addon_plan: premium-0',
      'addon_window: Fridays 18:00 to 22:00 UTC',
      'app_name: example-app',
      'completed_at: 2026-07-03 20:04:21 GMT+2 (2026-07-03 18:04:21 UTC)',
      'duration_approximate: ~ 3 minutes',
      'duration_seconds: 186',
      'method: failover',
      'reason: routine_maintenance',
      'required_by: 2026-07-08 10:54:02 GMT+2 (2026-07-08 08:54:02 UTC)',
      'scheduled_for: 2026-07-03 20:00:00 GMT+2 (2026-07-03 18:00:00 UTC)',
      'server_created_at: 2026-09-04 10:30:37 GMT+2 (2026-09-04 08:30:37 UTC)',
      'started_at: 2026-07-03 20:01:14 GMT+2 (2026-07-03 18:01:14 UTC)',
      'status: completed',
      'window: Fridays 18:00 to 22:00 UTC',
      '',
    ].join('\n')

    it('shows every time in that zone beside UTC', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1`).reply(200, completed)

      const {exitCode, stdout} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app', '--tz', 'Europe/Berlin'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal(BERLIN)
    })

    it('takes the zone from TZ', async () => {
      process.env.TZ = 'Europe/Berlin'
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1`).reply(200, completed)

      const {stdout} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app'])

      expect(stdout).to.equal(BERLIN)
    })

    it('leaves --json as the API object', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1`).reply(200, completed)

      const {stdout} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app', '--tz', 'Europe/Berlin', '--json'])

      expect(JSON.parse(stdout)).to.deep.equal(completed)
    })

    it('refuses an unknown zone with exit 1, naming it, and sends nothing', async () => {
      const {exitCode, stderr, stdout} = await run(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app', '--tz', 'Europe/Atlantis'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: Unknown time zone "Europe/Atlantis" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.\n')
      expect(stdout).to.equal('')
    })
  })
})

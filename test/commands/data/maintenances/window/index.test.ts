import {expect} from 'chai'
import nock from 'nock'

import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../../helpers/api.js'
import {anAddon, aWindow} from '../../../../helpers/fixtures.js'
import {run} from '../../../../helpers/run.js'

describe('data:maintenances:window', () => {
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

  it('resolves the attachment on the app and prints the window and the next maintenance', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, aWindow())

    const {exitCode, stderr, stdout} = await run(['data:maintenances:window', 'REDIS_URL', '--app', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal([
      'scheduled_at: 2026-11-27 18:00:00 UTC',
      'window: Fridays 18:00 to 22:00 UTC',
      '',
    ].join('\n'))
    expect(stderr).to.equal('')
  })

  it('shows the previous window and time when they were moved', async () => {
    expectResolve(platform, {addon: 'redis-lively-12345', app: null}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, aWindow({
      previous_window: 'Mondays 20:00 to 00:00 UTC',
      previously_scheduled_at: '2026-11-23 20:00:00 +0000',
    }))

    const {exitCode, stdout} = await run(['data:maintenances:window', 'redis-lively-12345'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal([
      'previous_window: Mondays 20:00 to 00:00 UTC',
      'previously_scheduled_at: 2026-11-23 20:00:00 UTC',
      'scheduled_at: 2026-11-27 18:00:00 UTC',
      'window: Fridays 18:00 to 22:00 UTC',
      '',
    ].join('\n'))
  })

  it('shows - when there is no window and nothing scheduled', async () => {
    expectResolve(platform, {addon: 'DATABASE', app: 'staging-app'}, [anAddon({id: 'pg-1'})])
    data.get(`${MAINTENANCES}/pg-1/window`).reply(200, aWindow({scheduled_at: null, window: null}))

    const {exitCode, stdout} = await run(['data:maintenances:window', 'staging-app::DATABASE'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal('scheduled_at: -\nwindow: -\n')
  })

  it('prints the API object unchanged with --json', async () => {
    const window = {...aWindow({previous_window: 'Mondays 20:00 to 00:00 UTC'}), extra_field: 'kept'}
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, window)

    const {exitCode, stdout} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal(window)
  })

  it('does not refuse plans without manual maintenance: showing is allowed', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon({plan: {name: 'heroku-redis:mini'}})])
    data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, aWindow())

    const {exitCode} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(0)
  })

  it('names the add-on and app when nothing matches, exit 1', async () => {
    platform.post('/actions/addons/resolve', {addon: 'NOPE_URL', app: 'example-app'}).reply(404, {id: 'not_found', message: 'Couldn\'t find that add-on.'})

    const {exitCode, stderr} = await run(['data:maintenances:window', 'NOPE_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: Add-on NOPE_URL was not found on app example-app: check the name with `heroku addons -a example-app`.\n')
  })

  for (const [status, id, message, statusText] of [
    [401, 'unauthorized', 'Invalid credentials provided.', 'Unauthorized'],
    [404, 'not_found', 'Window not found.', 'Not Found'],
    [422, 'invalid_params', 'This add-on has no maintenance window.', 'Unprocessable Entity'],
  ] as const) {
    it(`shows the API's message for ${status} and exits 2`, async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1/window`).reply(status, {id, message})

      const {exitCode, stderr, stdout} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app'])

      expect(exitCode).to.equal(2)
      expect(stderr).to.equal(`Error: ${message} (${status} ${statusText})\n`)
      expect(stdout).to.equal('')
    })
  }

  it('retries a 500 on the GET within a bound, then exits 2', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1/window`).times(3).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})

    const {exitCode, stderr} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: Internal server error. (500 Internal Server Error)\n')
  })

  it('gives a JSON error with --json', async () => {
    expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
    data.get(`${MAINTENANCES}/addon-id-1/window`).reply(403, {id: 'forbidden', message: 'You do not have access to this add-on.'})

    const {exitCode, stdout} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(2)
    expect(JSON.parse(stdout)).to.deep.equal({
      error: {exit_code: 2, id: 'forbidden', message: 'You do not have access to this add-on. (403 Forbidden)', status: 403},
    })
  })

  it('refuses an empty APP:: reference with exit 1 and sends nothing', async () => {
    const {exitCode, stderr} = await run(['data:maintenances:window', 'example-app::'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: ADDON "example-app::" is not valid: give an add-on name (redis-lively-12345), an attachment (REDIS, REDIS_URL) or APP::ATTACHMENT.\n')
  })

  it('needs ADDON, exit 1', async () => {
    const {exitCode, stderr} = await run(['data:maintenances:window'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.match(/^Error: Missing 1 required arg: addon/)
  })

  describe('--tz', () => {
    const moved = aWindow({previous_window: 'Mondays 20:00 to 00:00 UTC', previously_scheduled_at: '2026-11-23 20:00:00 +0000'})

    it('shows the scheduled times in that zone beside UTC', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, moved)

      const {exitCode, stdout} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app', '--tz', 'Europe/Berlin'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal([
        'previous_window: Mondays 20:00 to 00:00 UTC',
        'previously_scheduled_at: 2026-11-23 21:00:00 GMT+1 (2026-11-23 20:00:00 UTC)',
        'scheduled_at: 2026-11-27 19:00:00 GMT+1 (2026-11-27 18:00:00 UTC)',
        'window: Fridays 18:00 to 22:00 UTC',
        '',
      ].join('\n'))
    })

    it('takes the zone from TZ', async () => {
      process.env.TZ = 'America/Los_Angeles'
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, aWindow())

      const {stdout} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app'])

      expect(stdout).to.equal('scheduled_at: 2026-11-27 10:00:00 PST (2026-11-27 18:00:00 UTC)\nwindow: Fridays 18:00 to 22:00 UTC\n')
    })

    it('leaves --json as the API object', async () => {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, moved)

      const {stdout} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app', '--tz', 'Europe/Berlin', '--json'])

      expect(JSON.parse(stdout)).to.deep.equal(moved)
    })

    it('refuses an unknown zone with exit 1, naming it, and sends nothing', async () => {
      const {exitCode, stderr, stdout} = await run(['data:maintenances:window', 'REDIS_URL', '-a', 'example-app', '--tz', 'Nowhere'])

      expect(exitCode).to.equal(1)
      expect(stderr).to.equal('Error: Unknown time zone "Nowhere" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.\n')
      expect(stdout).to.equal('')
    })
  })
})

import {expect} from 'chai'
import nock from 'nock'

import type {AddOn, RedisDatabase} from '../../../src/lib/maintenance/types.js'

import {dataApi, platformApi} from '../../helpers/api.js'
import {anAddon} from '../../helpers/fixtures.js'
import {run} from '../../helpers/run.js'

/** The Redis API's answer for one database, with the rows redis:info prints. */
function aRedisDatabase(overrides: Partial<RedisDatabase> = {}): RedisDatabase {
  return {
    info: [
      {name: 'Plan', values: ['Premium 7']},
      {name: 'Status', values: ['available']},
      {name: 'Version', values: ['7.2.4']},
      {name: 'Maintenance', values: ['required by 2016-02-01 00:00:00 +0000']},
      {name: 'Maintenance window', values: ['Fridays 18:00 to 22:00 UTC']},
    ],
    name: 'redis-lively-12345',
    plan: 'premium-7',
    resource_url: 'redis://h:s3cr3t-password@ec2-1-2-3-4.compute-1.amazonaws.com:6379',
    version: '7.2.4',
    ...overrides,
  }
}

const lively = anAddon()
const tiny = anAddon({config_vars: ['HEROKU_REDIS_GRAY_URL', 'CACHE_URL'], id: 'addon-id-2', name: 'redis-tiny-54321', plan: {name: 'heroku-redis:mini'}})
const postgres = anAddon({
  addon_service: {name: 'heroku-postgresql'},
  config_vars: ['DATABASE_URL'],
  id: 'addon-id-3',
  name: 'postgresql-shaped-11111',
  plan: {name: 'heroku-postgresql:standard-0'},
})
const tinyDatabase = aRedisDatabase({
  info: [
    {name: 'Plan', values: ['Mini']},
    {name: 'Status', values: ['available']},
    {name: 'Maintenance', values: ['not required']},
    {name: 'Clients', values: ['3', 'of 20 max']},
  ],
  name: 'redis-tiny-54321',
  plan: 'mini',
  resource_url: 'redis://h:tiny-pass@ec2-5-6-7-8.compute-1.amazonaws.com:6379',
})

const LIVELY = [
  '=== redis-lively-12345 (REDIS_URL)',
  'Plan: Premium 7',
  'Status: available',
  'Version: 7.2.4',
  'Maintenance: required by 2016-02-01 00:00:00 +0000',
  'Maintenance window: Fridays 18:00 to 22:00 UTC',
]
const TINY = [
  '=== redis-tiny-54321 (HEROKU_REDIS_GRAY_URL, CACHE_URL)',
  'Plan: Mini',
  'Status: available',
  'Maintenance: not required',
  'Clients: 3, of 20 max',
]

const lines = (...rows: string[]) => `${rows.join('\n')}\n`

describe('redis:info', () => {
  let platform: nock.Scope
  let redis: nock.Scope

  beforeEach(() => {
    platform = platformApi()
    redis = dataApi()
  })

  afterEach(() => {
    platform.done()
    redis.done()
  })

  function expectAddons(addons: AddOn[]): void {
    platform.get('/apps/example-app/addons').reply(200, addons)
  }

  it('prints every Redis add-on of the app in the API order, a blank line between them, skipping other add-ons', async () => {
    expectAddons([lively, postgres, tiny])
    redis.get('/redis/v0/databases/redis-lively-12345').reply(200, aRedisDatabase())
    redis.get('/redis/v0/databases/redis-tiny-54321').reply(200, tinyDatabase)

    const {exitCode, stderr, stdout} = await run(['redis:info', '--app', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal(lines(...LIVELY, '', ...TINY))
    expect(stderr).to.equal('')
  })

  for (const [argument, why] of [
    ['redis-tiny-54321', 'add-on name'],
    ['CACHE_URL', 'config var'],
    ['heroku_redis_gray', 'config var without _URL, in any case'],
  ] as const) {
    it(`selects one database by ${why}: ${argument}`, async () => {
      expectAddons([lively, postgres, tiny])
      redis.get('/redis/v0/databases/redis-tiny-54321').reply(200, tinyDatabase)

      const {exitCode, stdout} = await run(['redis:info', argument, '-a', 'example-app'])

      expect(exitCode).to.equal(0)
      expect(stdout).to.equal(lines(...TINY))
    })
  }

  it('matches REDIS to the config var REDIS_URL', async () => {
    expectAddons([lively, tiny])
    redis.get('/redis/v0/databases/redis-lively-12345').reply(200, aRedisDatabase())

    const {stdout} = await run(['redis:info', 'REDIS', '-a', 'example-app'])

    expect(stdout).to.equal(lines(...LIVELY))
  })

  it('refuses a DATABASE that matches no Redis add-on, exit 1, naming it and the Redis add-ons', async () => {
    expectAddons([lively, postgres, tiny])

    const {exitCode, stderr, stdout} = await run(['redis:info', 'DATABASE_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(1)
    expect(stdout).to.equal('')
    expect(stderr).to.equal('Error: No Redis add-on named "DATABASE_URL" on example-app: its Redis add-ons are redis-lively-12345 (REDIS_URL), redis-tiny-54321 (HEROKU_REDIS_GRAY_URL, CACHE_URL).\n')
  })

  it('refuses a DATABASE on an app without Redis add-ons, exit 1', async () => {
    expectAddons([postgres])

    const {exitCode, stderr} = await run(['redis:info', 'REDIS_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: No Redis add-on named "REDIS_URL" on example-app: it has no Redis add-ons.\n')
  })

  it('says when the app has no Redis add-ons, exit 0', async () => {
    expectAddons([postgres])

    const {exitCode, stdout} = await run(['redis:info', '-a', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal('example-app has no Key-Value Store (Redis) add-ons.\n')
  })

  it('prints [] with --json when the app has no Redis add-ons', async () => {
    expectAddons([])

    const {exitCode, stdout} = await run(['redis:info', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal([])
  })

  it('names an unknown app as bad input, exit 1', async () => {
    platform.get('/apps/no-such-app/addons').reply(404, {id: 'not_found', message: 'Couldn\'t find that app.'})

    const {exitCode, stderr} = await run(['redis:info', '-a', 'no-such-app'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: App no-such-app was not found: check the name with `heroku apps`.\n')
  })

  it('skips a database the Redis API does not know (404) with a warning on stderr', async () => {
    expectAddons([tiny, lively])
    redis.get('/redis/v0/databases/redis-tiny-54321').reply(404, {id: 'not_found', message: 'Not found.'})
    redis.get('/redis/v0/databases/redis-lively-12345').reply(200, aRedisDatabase())

    const {exitCode, stderr, stdout} = await run(['redis:info', '-a', 'example-app'])

    expect(exitCode).to.equal(0)
    expect(stdout).to.equal(lines(...LIVELY))
    expect(stderr).to.equal('Warning: the Redis API does not know redis-tiny-54321 (404); skipped.\n')
  })

  it('exits 2 with a clear message when the named database is unknown to the Redis API (404)', async () => {
    expectAddons([lively, tiny])
    redis.get('/redis/v0/databases/redis-tiny-54321').reply(404, {id: 'not_found', message: 'Not found.'})

    const {exitCode, stderr, stdout} = await run(['redis:info', 'CACHE_URL', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stdout).to.equal('')
    expect(stderr).to.equal('Error: The Redis API does not know redis-tiny-54321: Not found. (404 Not Found) It may still be provisioning or being deleted; check it with `heroku addons:info redis-tiny-54321`.\n')
  })

  it('gives not_found with status 404 under --json for a named database the Redis API does not know', async () => {
    expectAddons([lively, tiny])
    redis.get('/redis/v0/databases/redis-tiny-54321').reply(404, {id: 'not_found', message: 'Not found.'})

    const {exitCode, stdout} = await run(['redis:info', 'redis-tiny-54321', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(2)
    expect(JSON.parse(stdout).error).to.include({exit_code: 2, id: 'not_found', status: 404})
  })

  it('prints {addon, config_vars, ...the Redis API object} with --json, the URL password masked, skipped ones left out', async () => {
    const extra = {...aRedisDatabase(), addon: 'from-the-api', customer_encryption_key: null, port: 6379}
    expectAddons([lively, tiny])
    redis.get('/redis/v0/databases/redis-lively-12345').reply(200, extra)
    redis.get('/redis/v0/databases/redis-tiny-54321').reply(404, {id: 'not_found', message: 'Not found.'})

    const {exitCode, stderr, stdout} = await run(['redis:info', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(0)
    const printed = JSON.parse(stdout)
    expect(printed).to.deep.equal([{
      addon: 'redis-lively-12345',
      config_vars: ['REDIS_URL'],
      customer_encryption_key: null,
      info: aRedisDatabase().info,
      name: 'redis-lively-12345',
      plan: 'premium-7',
      port: 6379,
      resource_url: 'redis://h:[REDACTED]@ec2-1-2-3-4.compute-1.amazonaws.com:6379',
      version: '7.2.4',
    }])
    expect(Object.keys(printed[0]).slice(0, 2)).to.deep.equal(['addon', 'config_vars'])
    expect(stdout).not.to.include('s3cr3t-password')
    expect(stderr).to.equal('Warning: the Redis API does not know redis-tiny-54321 (404); skipped.\n')
  })

  it('requires --app, exit 1', async () => {
    const {exitCode, stderr} = await run(['redis:info'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: No app given: pass --app APP (or set HEROKU_APP, or run inside a git checkout with one Heroku remote).\n')
  })

  it('shows the Redis API message for 401, exit 2', async () => {
    expectAddons([lively])
    redis.get('/redis/v0/databases/redis-lively-12345').reply(401, {id: 'unauthorized', message: 'Invalid credentials provided.'})

    const {exitCode, stderr} = await run(['redis:info', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stderr).to.equal('Error: Invalid credentials provided. (401 Unauthorized)\n')
  })

  it('retries a 500 from the Redis API three times in all, then exits 2', async () => {
    expectAddons([lively])
    redis.get('/redis/v0/databases/redis-lively-12345').times(3).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})

    const {exitCode, stderr, stdout} = await run(['redis:info', '-a', 'example-app'])

    expect(exitCode).to.equal(2)
    expect(stdout).to.equal('')
    expect(stderr).to.equal('Error: Internal server error. (500 Internal Server Error)\n')
  })

  it('gives a JSON error with --json', async () => {
    platform.get('/apps/example-app/addons').reply(403, {id: 'forbidden', message: 'You do not have access to the app example-app.'})

    const {exitCode, stdout} = await run(['redis:info', '-a', 'example-app', '--json'])

    expect(exitCode).to.equal(2)
    expect(JSON.parse(stdout)).to.deep.equal({
      error: {exit_code: 2, id: 'forbidden', message: 'You do not have access to the app example-app. (403 Forbidden)', status: 403},
    })
  })
})

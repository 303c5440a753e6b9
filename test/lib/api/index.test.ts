import {expect} from 'chai'
import nock from 'nock'

import {connect, readBudgetSeconds} from '../../../src/lib/api/index.js'
import {ApiError, ValidationError} from '../../../src/lib/errors.js'
import {TEST_TOKEN} from '../../helpers/setup.js'

const ACCEPT = 'application/vnd.heroku+json; version=3'
const HOSTS = {
  HEROKU_DATA_HOST: 'https://data.example.test',
  HEROKU_HOST: 'https://platform.example.test',
  HEROKU_REDIS_HOST: 'https://redis.example.test',
}

function headersOf(scope: nock.Scope): Array<Record<string, unknown>> {
  const seen: Array<Record<string, unknown>> = []
  scope.on('request', (request: {headers: Record<string, unknown>}) => seen.push(request.headers))
  return seen
}

describe('api/index connect', () => {
  let platform: nock.Scope
  let data: nock.Scope
  let redis: nock.Scope

  beforeEach(() => {
    platform = nock(HOSTS.HEROKU_HOST)
    data = nock(HOSTS.HEROKU_DATA_HOST)
    redis = nock(HOSTS.HEROKU_REDIS_HOST)
  })

  afterEach(() => {
    platform.done()
    data.done()
    redis.done()
  })

  async function callAll(env: Record<string, string>) {
    const apis = await connect({env: {HEROKU_API_KEY: TEST_TOKEN, ...HOSTS, ...env}, userAgent: 'heroku-data-maintenance/9.9.9 node-v20'})
    platform.get('/apps/example-app').reply(200, {id: 'app-id-1', maintenance: false, name: 'example-app'})
    data.get('/data/maintenances/v1/addon-id-1/window').reply(200, {window: null})
    redis.get('/redis/v0/databases/redis-1').reply(200, {info: [], name: 'redis-1'})
    const seen = {data: headersOf(data), platform: headersOf(platform), redis: headersOf(redis)}
    await apis.platform.getApp('example-app')
    await apis.data.window('addon-id-1')
    await apis.redis.getDatabase('redis-1')
    return {apis, seen}
  }

  it('sends each API to its own base URL with the token, the media type and the user agent', async () => {
    const {apis, seen} = await callAll({})

    expect(apis.token).to.equal(TEST_TOKEN)
    for (const headers of [seen.platform[0], seen.data[0], seen.redis[0]]) {
      expect(headers).to.include({accept: ACCEPT, authorization: `Bearer ${TEST_TOKEN}`, 'user-agent': 'heroku-data-maintenance/9.9.9 node-v20'})
    }
  })

  it('sends no X-Data-Control-Plane header unless HEROKU_DATA_CONTROL_PLANE is set', async () => {
    const {seen} = await callAll({})

    for (const headers of [seen.platform[0], seen.data[0], seen.redis[0]]) expect(headers).not.to.have.property('x-data-control-plane')
  })

  it('sends X-Data-Control-Plane to the Data and Redis APIs, not the Platform API, when set', async () => {
    const {seen} = await callAll({HEROKU_DATA_CONTROL_PLANE: 'heroku-postgres-eu'})

    expect(seen.data[0]).to.include({'x-data-control-plane': 'heroku-postgres-eu'})
    expect(seen.redis[0]).to.include({'x-data-control-plane': 'heroku-postgres-eu'})
    expect(seen.platform[0]).not.to.have.property('x-data-control-plane')
  })

  it('reads the environment from process.env by default', async () => {
    const saved = {...process.env}
    Object.assign(process.env, HOSTS, {HEROKU_API_KEY: 'process-env-token-1'})
    try {
      const apis = await connect({overrides: {async sleep() {}}, userAgent: 'x'})
      platform.get('/apps/example-app').matchHeader('authorization', 'Bearer process-env-token-1').reply(200, {id: 'i', maintenance: false, name: 'example-app'})
      await apis.platform.getApp('example-app')
      expect(apis.token).to.equal('process-env-token-1')
    } finally {
      for (const name of [...Object.keys(HOSTS), 'HEROKU_API_KEY']) {
        if (saved[name] === undefined) delete process.env[name]
        else process.env[name] = saved[name]
      }
    }
  })

  describe('HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: the seconds all of the command\'s reads may take', () => {
    const noRetry = {retry: {attempts: 1, baseDelayMs: 0, maxDelayMs: 0}}
    const BUDGET = 'The command\'s reads may take 0.05 s in all (HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT).'

    it('ends a read without an answer after that many seconds, saying so', async () => {
      const apis = await connect({env: {HEROKU_API_KEY: TEST_TOKEN, ...HOSTS, HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: '0.05'}, overrides: noRetry, userAgent: 'x'})
      data.get('/data/maintenances/v1/addon-id-1').delay(1000).reply(200, {})

      const error = await apis.data.info('addon-id-1').catch(error_ => error_)
      expect(error).to.be.instanceOf(ApiError)
      expect(error.id).to.equal('network_error')
      expect(error.message).to.equal(`No answer from data.example.test for GET /data/maintenances/v1/addon-id-1 (Request timed out). ${BUDGET}`)
    })

    it('is one budget for every read of the command, across the clients: a read after it is spent is not sent', async () => {
      const apis = await connect({env: {HEROKU_API_KEY: TEST_TOKEN, ...HOSTS, HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: '0.05'}, overrides: noRetry, userAgent: 'x'})
      platform.get('/apps/example-app').delay(1000).reply(200, {})

      expect((await apis.platform.getApp('example-app').catch(error_ => error_)).message).to.include('(Request timed out)')
      const error = await apis.data.info('addon-id-1').catch(error_ => error_)
      expect(error.message).to.equal(`Not sent: GET /data/maintenances/v1/addon-id-1: no time left for reads. ${BUDGET}`)
    })

    it('gives each poll of a wait a budget of its own', async () => {
      const apis = await connect({env: {HEROKU_API_KEY: TEST_TOKEN, ...HOSTS, HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: '0.05'}, overrides: noRetry, userAgent: 'x'})
      platform.get('/apps/example-app').delay(1000).reply(200, {})
      data.get('/data/maintenances/v1/addon-id-1').reply(200, {addon: {name: 'redis-1'}, status: 'ready'})

      await apis.platform.getApp('example-app').catch(() => {})
      expect(await apis.data.info('addon-id-1', {poll: true})).to.deep.equal({addon: {name: 'redis-1'}, status: 'ready'})
    })

    for (const value of ['', '  ']) {
      it(`takes ${JSON.stringify(value)} as unset: 30 s`, async () => {
        const apis = await connect({env: {HEROKU_API_KEY: TEST_TOKEN, ...HOSTS, HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: value}, overrides: noRetry, userAgent: 'x'})
        data.get('/data/maintenances/v1/addon-id-1').delay(100).reply(200, {addon: {name: 'redis-1'}, status: 'ready'})

        expect(await apis.data.info('addon-id-1')).to.deep.equal({addon: {name: 'redis-1'}, status: 'ready'})
      })
    }

    for (const value of ['abc', '0', '-5', '0.0', '30s', '1e3', 'Infinity', '9999999']) {
      it(`refuses ${JSON.stringify(value)} in one line, a usage error, before any request`, async () => {
        const error = await connect({env: {HEROKU_API_KEY: TEST_TOKEN, ...HOSTS, HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: value}, userAgent: 'x'}).catch(error_ => error_)

        expect(error).to.be.instanceOf(ValidationError)
        expect(error.message).to.equal(`HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT ${JSON.stringify(value)} is not valid: give a positive number of seconds (such as 30 or 2.5), at most 2147483.`)
      })
    }

    it('reads whole and decimal seconds', () => {
      expect(readBudgetSeconds({})).to.equal(30)
      expect(readBudgetSeconds({HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: ' 45 '})).to.equal(45)
      expect(readBudgetSeconds({HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: '2.5'})).to.equal(2.5)
      expect(readBudgetSeconds({HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: '.5'})).to.equal(0.5)
    })

    it('lets a test override the budget', async () => {
      const apis = await connect({env: {HEROKU_API_KEY: TEST_TOKEN, ...HOSTS}, overrides: {...noRetry, timeoutMs: 30}, userAgent: 'x'})
      data.get('/data/maintenances/v1/addon-id-1').delay(1000).reply(200, {})

      const error = await apis.data.info('addon-id-1').catch(error_ => error_)
      expect(error.id).to.equal('network_error')
    })
  })

  it('passes the debug function to every client', async () => {
    const lines: string[] = []
    const apis = await connect({debug: line => lines.push(line), env: {HEROKU_API_KEY: TEST_TOKEN, ...HOSTS}, userAgent: 'x'})
    platform.get('/apps').reply(200, [])
    data.get('/data/maintenances/v1/apps/app-id-1').reply(200, {maintenances: []})
    redis.get('/redis/v0/databases/redis-1').reply(404, {id: 'not_found', message: 'Not found.'})
    await apis.platform.listApps()
    await apis.data.listForApp('app-id-1')
    await apis.redis.getDatabase('redis-1')

    expect(lines.filter(line => line.startsWith('→'))).to.deep.equal([
      '→ GET https://platform.example.test/apps',
      '→ GET https://data.example.test/data/maintenances/v1/apps/app-id-1',
      '→ GET https://redis.example.test/redis/v0/databases/redis-1',
    ])
  })
})

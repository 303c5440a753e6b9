import {expect} from 'chai'
import nock from 'nock'

import {type Apis, connect} from '../../../src/lib/api/index.js'
import {ApiError} from '../../../src/lib/errors.js'
import {dataApi} from '../../helpers/api.js'
import {TEST_TOKEN} from '../../helpers/setup.js'

const database = {
  info: [{name: 'Plan', values: ['Premium 7']}, {name: 'Maintenance', values: ['required by 2016-02-01 00:00:00 +0000']}],
  name: 'redis-softly-4514',
  plan: 'premium-7',
  version: '7.2.4',
}

async function apis(): Promise<Apis> {
  return connect({env: {HEROKU_API_KEY: TEST_TOKEN}, overrides: {async sleep() {}}, userAgent: 'redis-test/1.0'})
}

describe('api/redis RedisApi', () => {
  let redis: nock.Scope

  beforeEach(() => {
    redis = dataApi()
  })

  afterEach(() => {
    redis.done()
  })

  it('getDatabase: GET /redis/v0/databases/{name}', async () => {
    redis.get('/redis/v0/databases/redis-softly-4514').reply(200, database)
    expect(await (await apis()).redis.getDatabase('redis-softly-4514')).to.deep.equal(database)
  })

  it('gives undefined for a database the Redis API does not know (404)', async () => {
    redis.get('/redis/v0/databases/redis-gone-1').reply(404, {id: 'not_found', message: 'Not found.'})
    expect(await (await apis()).redis.getDatabase('redis-gone-1')).to.equal(undefined)
  })

  it('fails with the API error on a 500 (after retrying the GET)', async () => {
    redis.get('/redis/v0/databases/redis-softly-4514').times(3).reply(500, {id: 'internal_server_error', message: 'Boom.'})
    const error = await (await apis()).redis.getDatabase('redis-softly-4514').catch(error_ => error_)
    expect(error).to.be.instanceOf(ApiError)
    expect({message: error.message, status: error.status}).to.deep.equal({message: 'Boom. (500 Internal Server Error)', status: 500})
  })

  for (const [what, answer] of [['no info list', {name: 'redis-softly-4514'}], ['no name', {info: []}]] as const) {
    it(`refuses an answer with ${what}`, async () => {
      redis.get('/redis/v0/databases/redis-softly-4514').reply(200, answer)
      const error = await (await apis()).redis.getDatabase('redis-softly-4514').catch(error_ => error_)
      expect(error).to.be.instanceOf(ApiError)
      expect(error.message).to.equal('The API answered GET /redis/v0/databases/redis-softly-4514 with an unexpected body.')
    })
  }
})

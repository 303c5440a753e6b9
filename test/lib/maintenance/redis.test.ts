import {expect} from 'chai'

import type {Apis} from '../../../src/lib/api/index.js'
import type {AddOn, RedisDatabase} from '../../../src/lib/maintenance/types.js'

import {ApiError, ValidationError} from '../../../src/lib/errors.js'
import {
  fetchRedisInfo,
  maskUrlPassword,
  matchesDatabase,
  REDIS_CONCURRENCY,
  selectRedisAddons,
  toRedisInfo,
} from '../../../src/lib/maintenance/redis.js'
import {renderRedisInfo} from '../../../src/lib/present/redis.js'
import {anAddon} from '../../helpers/fixtures.js'

const lively = anAddon()
const gray = anAddon({config_vars: ['HEROKU_REDIS_GRAY_URL', 'CACHE_URL'], id: 'addon-id-2', name: 'redis-gray-222'})
const postgres = anAddon({addon_service: {name: 'heroku-postgresql'}, config_vars: ['DATABASE_URL'], id: 'addon-id-3', name: 'postgresql-shaped-11111'})

function aDatabase(name: string, overrides: Partial<RedisDatabase> = {}): RedisDatabase {
  return {info: [{name: 'Maintenance', values: ['not required']}], name, ...overrides}
}

describe('maintenance/redis', () => {
  describe('matchesDatabase', () => {
    for (const [argument, expected] of [
      ['redis-lively-12345', true],
      ['REDIS-LIVELY-12345', true],
      ['REDIS_URL', true],
      ['redis_url', true],
      ['REDIS', true],
      [' redis ', true],
      ['REDIS_UR', false],
      ['redis-lively', false],
      ['URL', false],
      ['', false],
    ] as const) {
      it(`${JSON.stringify(argument)} ${expected ? 'matches' : 'does not match'} redis-lively-12345 (REDIS_URL)`, () => {
        expect(matchesDatabase(lively, argument)).to.equal(expected)
      })
    }
  })

  describe('selectRedisAddons', () => {
    it('keeps only heroku-redis add-ons, in the API order, without DATABASE', () => {
      expect(selectRedisAddons([gray, postgres, lively], 'example-app')).to.deep.equal([gray, lively])
    })

    it('keeps the add-ons DATABASE names', () => {
      expect(selectRedisAddons([gray, postgres, lively], 'example-app', 'cache')).to.deep.equal([gray])
    })

    it('never selects a non-Redis add-on, even by its own name', () => {
      expect(() => selectRedisAddons([postgres, lively], 'example-app', 'DATABASE'))
      .to.throw(ValidationError, 'No Redis add-on named "DATABASE" on example-app: its Redis add-ons are redis-lively-12345 (REDIS_URL).')
    })

    it('says when the app has no Redis add-ons at all, and names an add-on without config vars by its name only', () => {
      const detached: AddOn = anAddon({config_vars: [], name: 'redis-detached-1'})

      expect(() => selectRedisAddons([postgres], 'example-app', 'REDIS')).to.throw(ValidationError, 'No Redis add-on named "REDIS" on example-app: it has no Redis add-ons.')
      expect(() => selectRedisAddons([detached], 'example-app', 'REDIS')).to.throw(ValidationError, 'its Redis add-ons are redis-detached-1.')
    })

    it('gives an empty list for an app without Redis add-ons when nothing was named', () => {
      expect(selectRedisAddons([postgres], 'example-app')).to.deep.equal([])
    })
  })

  describe('maskUrlPassword', () => {
    for (const [url, masked] of [
      ['redis://h:p4ss@ec2-1-2-3-4.compute-1.amazonaws.com:6379', 'redis://h:[REDACTED]@ec2-1-2-3-4.compute-1.amazonaws.com:6379'],
      ['rediss://:p4ss@host:6380/0', 'rediss://:[REDACTED]@host:6380/0'],
      ['redis://host:6379', 'redis://host:6379'],
      ['redis://h@host:6379', 'redis://h@host:6379'],
      ['not a url', 'not a url'],
    ] as const) {
      it(`${url} → ${masked}`, () => {
        expect(maskUrlPassword(url)).to.equal(masked)
      })
    }
  })

  describe('toRedisInfo', () => {
    it('puts the add-on name and config vars first, then the API fields, ours winning a clash', () => {
      const database = {...aDatabase('redis-lively-12345'), addon: 'theirs', config_vars: 'theirs', resource_url: 'redis://h:pw1234@host:1'}

      const info = toRedisInfo(lively, database)

      expect(Object.keys(info)).to.deep.equal(['addon', 'config_vars', 'info', 'name', 'resource_url'])
      expect(info).to.deep.equal({
        addon: 'redis-lively-12345',
        config_vars: ['REDIS_URL'],
        info: [{name: 'Maintenance', values: ['not required']}],
        name: 'redis-lively-12345',
        resource_url: 'redis://h:[REDACTED]@host:1',
      })
      expect(info.config_vars).not.to.equal(lively.config_vars)
    })

    it('adds no resource_url when the API has none', () => {
      expect(toRedisInfo(lively, aDatabase('redis-lively-12345'))).not.to.have.property('resource_url')
    })
  })

  describe('fetchRedisInfo', () => {
    it('asks for each add-on by name and reports the ones the Redis API does not know as skipped', async () => {
      const asked: string[] = []
      const redis = {
        async getDatabase(name: string) {
          asked.push(name)
          return name === 'redis-gray-222' ? undefined : aDatabase(name)
        },
      } as unknown as Apis['redis']

      const result = await fetchRedisInfo(redis, [gray, lively])

      expect(asked.sort()).to.deep.equal(['redis-gray-222', 'redis-lively-12345'])
      expect(result).to.deep.equal({
        databases: [{addon: 'redis-lively-12345', config_vars: ['REDIS_URL'], ...aDatabase('redis-lively-12345')}],
        skipped: ['redis-gray-222'],
      })
    })

    it('keeps the add-ons\' order and asks about at most REDIS_CONCURRENCY at once', async () => {
      const addons = Array.from({length: 9}, (_, i) => anAddon({config_vars: [], id: `addon-id-${i}`, name: `redis-n-${i}`}))
      let running = 0
      let most = 0
      const redis = {
        async getDatabase(name: string) {
          running++
          most = Math.max(most, running)
          // Later add-ons answer sooner, so that the order of the answers is not the order of the add-ons.
          for (let i = 0; i < 20 - Number(name.slice(-1)); i++) await Promise.resolve()
          running--
          return aDatabase(name)
        },
      } as unknown as Apis['redis']

      const result = await fetchRedisInfo(redis, addons)

      expect(result.databases.map(d => d.addon)).to.deep.equal(addons.map(a => a.name))
      expect(most).to.equal(REDIS_CONCURRENCY)
    })

    it('rejects with the failure of the first add-on in order that failed, after every read settled', async () => {
      const settled: string[] = []
      const redis = {
        async getDatabase(name: string) {
          // The gray one fails last in time but comes first in the add-ons' order.
          for (let i = 0; i < (name === 'redis-gray-222' ? 10 : 0); i++) await Promise.resolve()
          settled.push(name)
          throw new ApiError({id: `boom_${name}`, message: `boom ${name}`, method: 'GET', path: `/redis/v0/databases/${name}`, status: 503})
        },
      } as unknown as Apis['redis']

      const error = await fetchRedisInfo(redis, [gray, lively]).then(() => expect.fail('should reject'), (error_: unknown) => error_)

      expect(error).to.be.instanceOf(ApiError).with.property('id', 'boom_redis-gray-222')
      expect(settled).to.deep.equal(['redis-lively-12345', 'redis-gray-222'])
    })
  })

  describe('renderRedisInfo', () => {
    it('prints the heading with every config var, then the rows in order, values joined', () => {
      const info = toRedisInfo(gray, aDatabase('redis-gray-222', {
        info: [
          {name: 'Plan', values: ['Premium 7']},
          {name: 'Clients', values: ['3', 'of 20 max']},
          {name: 'Maintenance', values: ['required by 2016-02-01 00:00:00 +0000']},
        ],
      }))

      expect(renderRedisInfo(info)).to.equal([
        '=== redis-gray-222 (HEROKU_REDIS_GRAY_URL, CACHE_URL)',
        'Plan: Premium 7',
        'Clients: 3, of 20 max',
        'Maintenance: required by 2016-02-01 00:00:00 +0000',
      ].join('\n'))
    })

    it('prints the name alone without config vars, and a lone string value as it is', () => {
      const info = toRedisInfo(anAddon({config_vars: []}), aDatabase('redis-lively-12345', {
        info: [{name: 'Status', values: 'available' as unknown as string[]}],
      }))

      expect(renderRedisInfo(info)).to.equal('=== redis-lively-12345\nStatus: available')
    })
  })
})

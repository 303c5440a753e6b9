import {expect} from 'chai'

import {credentialHost, dataUrl, platformUrl, redisUrl} from '../../../src/lib/api/hosts.js'

describe('api/hosts', () => {
  describe('platformUrl', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'https://api.heroku.com'],
      [{HEROKU_HOST: ''}, 'https://api.heroku.com'],
      [{HEROKU_HOST: 'http://127.0.0.1:5000'}, 'http://127.0.0.1:5000'],
      [{HEROKU_HOST: 'https://api.example.test/'}, 'https://api.example.test'],
      [{HEROKU_HOST: 'HTTPS://API.EXAMPLE.TEST//'}, 'HTTPS://API.EXAMPLE.TEST'],
      [{HEROKU_HOST: 'heroku.com'}, 'https://api.heroku.com'],
      [{HEROKU_HOST: ' staging.herokudev.com/ '}, 'https://api.staging.herokudev.com'],
    ]
    for (const [env, expected] of cases) {
      it(`${JSON.stringify(env)} → ${expected}`, () => {
        expect(platformUrl(env)).to.equal(expected)
      })
    }

    it('reads process.env by default', () => {
      process.env.HEROKU_HOST = 'http://localhost:7000'
      try {
        expect(platformUrl()).to.equal('http://localhost:7000')
        expect(dataUrl()).to.equal('http://localhost:7000')
        expect(redisUrl()).to.equal('http://localhost:7000')
        expect(credentialHost()).to.equal('localhost:7000')
      } finally {
        delete process.env.HEROKU_HOST
      }
    })
  })

  describe('dataUrl', () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['defaults to Heroku\'s data API', {}, 'https://api.data.heroku.com'],
      ['keeps the default with a remote HEROKU_HOST', {HEROKU_HOST: 'https://api.staging.test'}, 'https://api.data.heroku.com'],
      ['keeps the default with a domain HEROKU_HOST', {HEROKU_HOST: 'staging.test'}, 'https://api.data.heroku.com'],
      ['uses a local HEROKU_HOST when unset (the sandbox serves both)', {HEROKU_HOST: 'http://127.0.0.1:5000/'}, 'http://127.0.0.1:5000'],
      ['uses a full URL as given', {HEROKU_DATA_HOST: 'http://10.0.0.5:8080/'}, 'http://10.0.0.5:8080'],
      ['uses a full URL as given, whatever HEROKU_HOST is', {HEROKU_DATA_HOST: 'https://data.example.test', HEROKU_HOST: 'http://127.0.0.1:5000'}, 'https://data.example.test'],
      ['gives a bare host the scheme and port of a local HEROKU_HOST', {HEROKU_DATA_HOST: 'localhost', HEROKU_HOST: 'http://127.0.0.1:5000'}, 'http://localhost:5000'],
      ['keeps a bare host\'s own port with a local HEROKU_HOST', {HEROKU_DATA_HOST: 'localhost:6000', HEROKU_HOST: 'http://localhost:5000'}, 'http://localhost:6000'],
      ['adds no port when the local HEROKU_HOST has none', {HEROKU_DATA_HOST: 'data.localhost', HEROKU_HOST: 'http://api.localhost'}, 'http://data.localhost'],
      ['treats [::1] as local', {HEROKU_DATA_HOST: 'localhost', HEROKU_HOST: 'http://[::1]:5000'}, 'http://localhost:5000'],
      ['gives a bare host https with a remote HEROKU_HOST', {HEROKU_DATA_HOST: 'api.data.staging.test', HEROKU_HOST: 'https://api.staging.test'}, 'https://api.data.staging.test'],
      ['gives a bare host https without HEROKU_HOST', {HEROKU_DATA_HOST: 'api.data.staging.test/'}, 'https://api.data.staging.test'],
      ['ignores a blank HEROKU_DATA_HOST', {HEROKU_DATA_HOST: '  '}, 'https://api.data.heroku.com'],
      ['ignores HEROKU_REDIS_HOST for maintenances', {HEROKU_REDIS_HOST: 'https://redis.example.test'}, 'https://api.data.heroku.com'],
    ]
    for (const [what, env, expected] of cases) {
      it(`${what}: ${JSON.stringify(env)} → ${expected}`, () => {
        expect(dataUrl(env)).to.equal(expected)
      })
    }
  })

  describe('redisUrl', () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['defaults to Heroku\'s data API', {}, 'https://api.data.heroku.com'],
      ['prefers HEROKU_REDIS_HOST to HEROKU_DATA_HOST', {HEROKU_DATA_HOST: 'https://data.example.test', HEROKU_REDIS_HOST: 'https://redis.example.test/'}, 'https://redis.example.test'],
      ['falls back to HEROKU_DATA_HOST', {HEROKU_DATA_HOST: 'https://data.example.test'}, 'https://data.example.test'],
      ['falls back to HEROKU_DATA_HOST when HEROKU_REDIS_HOST is blank', {HEROKU_DATA_HOST: 'https://data.example.test', HEROKU_REDIS_HOST: ' '}, 'https://data.example.test'],
      ['gives a bare host the local HEROKU_HOST scheme and port', {HEROKU_HOST: 'http://127.0.0.1:5000', HEROKU_REDIS_HOST: 'localhost'}, 'http://localhost:5000'],
    ]
    for (const [what, env, expected] of cases) {
      it(`${what}: ${JSON.stringify(env)} → ${expected}`, () => {
        expect(redisUrl(env)).to.equal(expected)
      })
    }
  })

  describe('credentialHost', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'api.heroku.com'],
      [{HEROKU_HOST: 'staging.test'}, 'api.staging.test'],
      [{HEROKU_HOST: 'http://127.0.0.1:5000'}, '127.0.0.1:5000'],
    ]
    for (const [env, expected] of cases) {
      it(`${JSON.stringify(env)} → ${expected}`, () => {
        expect(credentialHost(env)).to.equal(expected)
      })
    }
  })
})

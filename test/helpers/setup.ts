import nock from 'nock'

export const TEST_TOKEN = 'hdm-test-token-3f9a7c1e5b'

const CLEARED = ['HEROKU_HOST', 'HEROKU_DATA_HOST', 'HEROKU_REDIS_HOST', 'HEROKU_APP', 'HEROKU_DATA_CONTROL_PLANE', 'HEROKU_DEBUG', 'DEBUG', 'TZ_DISPLAY']

/** Root hooks: no real network, a known token, no environment leaking in from the developer's shell. */
export const mochaHooks = {
  afterEach() {
    nock.cleanAll()
    process.exitCode = undefined
  },
  beforeAll() {
    nock.disableNetConnect()
    nock.enableNetConnect(host => host.startsWith('127.0.0.1') || host.startsWith('localhost'))
    for (const name of CLEARED) delete process.env[name]
    process.env.HEROKU_API_KEY = TEST_TOKEN
  },
}

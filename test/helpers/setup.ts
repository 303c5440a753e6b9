import nock from 'nock'

export const TEST_TOKEN = 'hdm-test-token-3f9a7c1e5b'

const CLEARED = ['HEROKU_HOST', 'HEROKU_DATA_HOST', 'HEROKU_REDIS_HOST', 'HEROKU_APP', 'HEROKU_DATA_CONTROL_PLANE', 'HEROKU_DEBUG', 'DEBUG', 'TZ_DISPLAY']

/** Root hooks: no real network, a known token, no environment leaking in from the developer's shell. */
export const mochaHooks = {
  afterEach() {
    nock.cleanAll()
    process.exitCode = undefined
  },
  async beforeAll() {
    nock.disableNetConnect()
    nock.enableNetConnect(host => host.startsWith('127.0.0.1') || host.startsWith('localhost'))
    for (const name of CLEARED) delete process.env[name]
    process.env.HEROKU_API_KEY = TEST_TOKEN
    // Unit tests never wait for a retry backoff. Imported dynamically so that it is the same module
    // instance as the commands' (this file itself is loaded through mocha's require).
    const {defaultRetryPolicy} = await import('../../src/lib/api/client.js')
    defaultRetryPolicy.baseDelayMs = 0
    defaultRetryPolicy.maxDelayMs = 0
  },
}

import {expect} from 'chai'
import {parseSandboxArgs} from 'heroku-data-maintenance-sandbox/cli'
import {RATE_LIMIT_BUDGET, RateLimiter} from 'heroku-data-maintenance-sandbox/rate-limit'

import {callSandbox, startTestSandbox, type TestSandbox} from './helpers.js'

describe('sandbox rate limit', () => {
  describe('RateLimiter', () => {
    it('spends one a request, refills at 75 a minute up to 4500, and says when the next one is free', () => {
      let now = 0
      const limiter = new RateLimiter(2, () => now)
      expect(limiter.spend()).to.equal(true)
      expect(limiter.spend()).to.equal(true)
      expect(limiter.spend()).to.equal(false)
      expect(limiter.remaining()).to.equal(0)
      expect(limiter.secondsUntilNext()).to.equal(1) // 60 / 75 = 0.8 s
      now += 800
      expect(limiter.remaining()).to.equal(1)
      now += 60_000
      expect(limiter.remaining()).to.equal(76)
      now += 24 * 60 * 60 * 1000
      expect(limiter.remaining()).to.equal(RATE_LIMIT_BUDGET)
      expect(new RateLimiter(undefined, () => 0).remaining()).to.equal(4500)
    })
  })

  describe('over HTTP', () => {
    let box: TestSandbox

    afterEach(async () => {
      await box.stop()
    })

    it('puts RateLimit-Remaining on every answer, one less for each API request', async () => {
      box = await startTestSandbox()
      const first = await box.get('/apps')
      expect(first.headers.get('ratelimit-remaining')).to.equal('4499')
      const missing = await box.get('/apps/no-such-app')
      expect(missing.status).to.equal(404)
      expect(missing.headers.get('ratelimit-remaining')).to.equal('4498')
      const unauthorized = await callSandbox(box.sandbox.url, 'GET', '/apps', undefined, {authorization: 'Bearer wrong'})
      expect(unauthorized.status).to.equal(401)
      expect(unauthorized.headers.get('ratelimit-remaining')).to.equal('4498')
      // Reading the budget, and the admin routes, spend nothing.
      const budget = await box.get('/account/rate-limits')
      expect(budget.body).to.deep.equal({remaining: 4498})
      expect((await box.get('/__sandbox/clock')).headers.get('ratelimit-remaining')).to.equal('4498')
    })

    it('answers 429 rate_limit with Retry-After once --rate-limit is spent, and spends nothing more', async () => {
      box = await startTestSandbox({rateLimit: 2})
      expect((await box.get('/account')).status).to.equal(200)
      expect((await box.post('/data/maintenances/v1/redis-lively-12345/window', {day_of_week: 'sunday', time_of_day: '10:00'})).status).to.equal(200)
      const refused = await box.post('/data/maintenances/v1/redis-lively-12345/run')
      expect(refused.status).to.equal(429)
      expect(refused.body).to.deep.equal({id: 'rate_limit', message: 'Your account reached the API rate limit. Please wait a few minutes before making new requests.'})
      expect(refused.headers.get('ratelimit-remaining')).to.equal('0')
      expect(refused.headers.get('retry-after')).to.equal('1')
      // Refused: the run never started.
      expect((await box.get('/__sandbox/state')).body.addons[0].maintenance.status).to.equal('ready')
      const log = (await box.get('/__sandbox/requests')).body
      expect(log.at(-1)).to.include({method: 'POST', path: '/data/maintenances/v1/redis-lively-12345/run', status: 429})
      // The admin route refills it.
      expect((await box.post('/__sandbox/rate-limit', {remaining: 10})).body).to.deep.equal({remaining: 10})
      expect((await box.get('/account')).headers.get('ratelimit-remaining')).to.equal('9')
      expect((await box.post('/__sandbox/rate-limit', {remaining: 4501})).status).to.equal(422)
    })

    it('refuses a start budget out of range', async () => {
      box = await startTestSandbox()
      expect(parseSandboxArgs(['--rate-limit', '100']).options.rateLimit).to.equal(100)
      expect(() => parseSandboxArgs(['--rate-limit', '5000'])).to.throw('--rate-limit must be a whole number from 0 to 4500, not "5000"')
      const error = await startTestSandbox({rateLimit: -1}).then(() => null, (error_: Error) => error_)
      expect(error?.message).to.equal('rateLimit must be a whole number from 0 to 4500')
    })
  })
})

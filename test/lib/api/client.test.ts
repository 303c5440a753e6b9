import type {AddressInfo} from 'node:net'

import {HTTP} from '@heroku/http-call'
import {captureOutput} from '@oclif/test'
import {expect} from 'chai'
import nock from 'nock'
import {createServer, type Server} from 'node:http'
import {createRequire} from 'node:module'

import {ApiClient, type ClientConfig, defaultRetryPolicy, expectObject, RateLimitGauge, ReadBudget} from '../../../src/lib/api/client.js'
import {ApiError, RateLimitReserveError} from '../../../src/lib/errors.js'

const BASE = 'https://api.example.test'
const TOKEN = 'client-test-token-7d41b9'
const NOT_RETRIED = ' It was sent once and not retried: check whether it took effect before trying again.'

/** A dropped connection, as node reports it (nock needs an Error instance to fail the request). */
function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
}

interface Harness {
  client: ApiClient
  debug: string[]
  sleeps: number[]
}

function harness(overrides: Partial<ClientConfig> = {}): Harness {
  const debug: string[] = []
  const sleeps: number[] = []
  const client = new ApiClient({
    baseUrl: BASE,
    debug: line => debug.push(line),
    headers: {accept: 'application/vnd.heroku+json; version=3', 'user-agent': 'client-test/1.0'},
    retry: {attempts: 3, baseDelayMs: 100, maxDelayMs: 5000},
    async sleep(ms) {
      sleeps.push(ms)
    },
    token: TOKEN,
    ...overrides,
  })
  return {client, debug, sleeps}
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => {
    throw new Error('expected the request to fail')
  }, (error_: unknown) => error_)
  expect(error).to.be.instanceOf(ApiError)
  return error as ApiError
}

function details(error: ApiError) {
  return {id: error.id, message: error.message, method: error.method, path: error.path, status: error.status}
}

/** Runs fn with every `debug` namespace on (http-call's included), capturing stderr. */
async function withAllDebug(fn: () => Promise<unknown>): Promise<string> {
  // The `debug` package as http-call itself resolves it: the test must switch on that very instance.
  const fromHttpCall = createRequire(createRequire(import.meta.url).resolve('@heroku/http-call'))
  const debugModule = fromHttpCall('debug') as {disable(): string; enable(namespaces: string): void}
  const {stderr} = await captureOutput(async () => {
    const previous = debugModule.disable()
    debugModule.enable('*')
    try {
      await fn()
    } finally {
      debugModule.disable()
      if (previous) debugModule.enable(previous)
    }
  })
  return stderr
}

describe('api/client ApiClient', () => {
  let api: nock.Scope
  let requests: number

  beforeEach(() => {
    api = nock(BASE)
    requests = 0
    api.on('request', () => {
      requests++
    })
  })

  afterEach(() => {
    api.done()
  })

  describe('a successful request', () => {
    it('sends the bearer token and the client headers, and returns the parsed body', async () => {
      let headers: Record<string, unknown> = {}
      api.get('/account').reply(200, function () {
        headers = this.req.headers
        return {email: 'a@b.c'}
      })
      const {client} = harness()

      expect(await client.request({method: 'GET', path: '/account'})).to.deep.equal({email: 'a@b.c'})
      expect(headers).to.include({
        accept: 'application/vnd.heroku+json; version=3',
        authorization: `Bearer ${TOKEN}`,
        'user-agent': 'client-test/1.0',
      })
    })

    it('lets one request override a default header, and sends its body as JSON', async () => {
      let headers: Record<string, unknown> = {}
      api.post('/actions/thing', {a: 1}).reply(200, function () {
        headers = this.req.headers
        return {ok: true}
      })
      const {client} = harness()

      await client.request({body: {a: 1}, headers: {accept: 'application/vnd.heroku+json; version=3.sdk'}, method: 'POST', path: '/actions/thing'})
      expect(headers).to.include({accept: 'application/vnd.heroku+json; version=3.sdk', 'content-type': 'application/json'})
    })

    it('writes a debug line before and after the request, without the token', async () => {
      api.get('/apps/a').reply(200, {token_echo: TOKEN})
      const {client, debug} = harness()

      await client.request({method: 'GET', path: '/apps/a'})
      expect(debug).to.have.length(2)
      expect(debug[0]).to.equal(`→ GET ${BASE}/apps/a`)
      expect(debug[1]).to.match(new RegExp(String.raw`^← 200 GET ${BASE}/apps/a \(\d+ ms\)$`))
    })

    it('keeps the token out of debug lines even when it is part of the URL', async () => {
      api.get(`/tokens/${TOKEN}`).reply(200, {})
      const {client, debug} = harness()

      await client.request({method: 'GET', path: `/tokens/${TOKEN}`})
      expect(debug[0]).to.equal(`→ GET ${BASE}/tokens/[REDACTED]`)
      expect(debug.join('\n')).not.to.include(TOKEN)
    })

    it('works without a debug function', async () => {
      api.get('/apps/a').reply(200, {})
      const {client} = harness({debug: undefined})
      expect(await client.request({method: 'GET', path: '/apps/a'})).to.deep.equal({})
    })

    it('follows the Next-Range header of a paged list (the Platform API pages /apps)', async () => {
      api.get('/apps').reply(206, [{name: 'a'}], {'Next-Range': 'id ]a..; max=1'})
      api.get('/apps').matchHeader('range', 'id ]a..; max=1').reply(200, [{name: 'b'}])
      const {client} = harness()
      expect(await client.request({method: 'GET', path: '/apps'})).to.deep.equal([{name: 'a'}, {name: 'b'}])
    })
  })

  describe('paged lists (206 + Next-Range)', () => {
    it('reads every page, sending each Next-Range as the Range of the next request, each page a request of its own', async () => {
      const ranges: unknown[] = []
      const page = (items: string[], next?: string) => function (this: nock.ReplyFnContext): nock.ReplyFnResult {
        ranges.push(this.req.headers.range)
        return [next ? 206 : 200, items.map(name => ({name})), next ? {'Next-Range': next} : {}]
      }

      api.get('/apps/x/addons').reply(page(['a', 'b'], 'name ]b..; max=2'))
      api.get('/apps/x/addons').reply(page(['c', 'd'], 'name ]d..; max=2'))
      api.get('/apps/x/addons').reply(page(['e']))
      const {client, debug} = harness()

      expect(await client.request({method: 'GET', path: '/apps/x/addons'})).to.deep.equal(['a', 'b', 'c', 'd', 'e'].map(name => ({name})))
      expect(ranges).to.deep.equal([undefined, 'name ]b..; max=2', 'name ]d..; max=2'])
      expect(debug.filter(line => line.startsWith('←')).map(line => line.split(' ')[1])).to.deep.equal(['206', '206', '200'])
    })

    it('retries a page that fails transiently, then goes on', async () => {
      api.get('/apps').reply(206, [{name: 'a'}], {'Next-Range': 'id ]a..'})
      api.get('/apps').matchHeader('range', 'id ]a..').reply(503, {id: 'unavailable', message: 'Down.'})
      api.get('/apps').matchHeader('range', 'id ]a..').reply(200, [{name: 'b'}])
      const {client} = harness()

      expect(await client.request({method: 'GET', path: '/apps'})).to.deep.equal([{name: 'a'}, {name: 'b'}])
      expect(requests).to.equal(3)
    })

    it('does not follow a Next-Range on a 200 (the last page), nor on an answer that is not a list', async () => {
      api.get('/apps').reply(200, [{name: 'a'}], {'Next-Range': 'id ]a..'})
      api.get('/apps/a').reply(206, {name: 'a'}, {'Next-Range': 'id ]a..'})
      const {client} = harness()

      expect(await client.request({method: 'GET', path: '/apps'})).to.deep.equal([{name: 'a'}])
      expect(await client.request({method: 'GET', path: '/apps/a'})).to.deep.equal({name: 'a'})
      expect(requests).to.equal(2)
    })

    it('stops at a server that answers the same Next-Range again, rather than asking for ever', async () => {
      api.get('/apps').reply(206, [{name: 'a'}], {'Next-Range': 'id ]a..'})
      api.get('/apps').reply(206, [{name: 'a'}], {'Next-Range': 'id ]a..'})
      const {client} = harness()

      expect(details(await failure(client.request({method: 'GET', path: '/apps'})))).to.deep.equal({
        id: 'invalid_response',
        message: 'The API answered GET /apps with the same Next-Range twice (id ]a..).',
        method: 'GET',
        path: '/apps',
        status: 0,
      })
    })
  })

  describe('the rate limit (RateLimit-Remaining)', () => {
    it('reads RateLimit-Remaining on every answer, successes and errors, whichever host (the budget is the token\'s)', async () => {
      const rateLimit = new RateLimitGauge()
      const other = nock('https://data.example.test')
      api.get('/apps/a').reply(200, {}, {'RateLimit-Remaining': '4321'})
      api.get('/apps/b').reply(404, {id: 'not_found', message: 'No.'}, {'RateLimit-Remaining': '4320'})
      api.get('/apps/c').reply(200, {})
      other.get('/x').reply(200, {}, {'RateLimit-Remaining': '4319'})
      const {client} = harness({rateLimit})
      const data = harness({baseUrl: 'https://data.example.test', rateLimit}).client

      expect(rateLimit.remaining).to.equal(undefined)
      await client.request({method: 'GET', path: '/apps/a'})
      expect(rateLimit.remaining).to.equal(4321)
      await failure(client.request({method: 'GET', path: '/apps/b'}))
      expect(rateLimit.remaining).to.equal(4320)
      await client.request({method: 'GET', path: '/apps/c'})
      expect(rateLimit.remaining, 'an answer without the header changes nothing').to.equal(4320)
      await data.request({method: 'GET', path: '/x'})
      expect(rateLimit.remaining).to.equal(4319)
      other.done()
    })

    it('without a reserve, keeps sending however low the budget is', async () => {
      const rateLimit = new RateLimitGauge()
      api.get('/apps/a').times(2).reply(200, {}, {'RateLimit-Remaining': '0'})
      const {client} = harness({rateLimit})

      await client.request({method: 'GET', path: '/apps/a'})
      await client.request({method: 'GET', path: '/apps/a'})
      expect(requests).to.equal(2)
    })

    it('with a reserve, sends no new request once the remaining count falls to it', async () => {
      const rateLimit = new RateLimitGauge()
      rateLimit.reserve = 100
      api.get('/apps/a').reply(200, {}, {'RateLimit-Remaining': '101'})
      api.get('/apps/b').reply(200, {}, {'RateLimit-Remaining': '100'})
      const {client} = harness({rateLimit})

      await client.request({method: 'GET', path: '/apps/a'})
      await client.request({method: 'GET', path: '/apps/b'})
      const error = await client.request({method: 'GET', path: '/apps/c'}).catch((error_: unknown) => error_) as RateLimitReserveError
      expect(error).to.be.instanceOf(RateLimitReserveError)
      expect({exitCode: error.exitCode, id: error.id, message: error.message, remaining: error.remaining, reserve: error.reserve}).to.deep.equal({
        exitCode: 2,
        id: 'rate_limit_reserve',
        message: 'Not sent: GET /apps/c: the API rate limit has 100 requests left, at or below the reserve of 100 kept for the account\'s other uses.',
        remaining: 100,
        reserve: 100,
      })
      expect(requests).to.equal(2)
    })

    it('with a reserve reached, does not retry a 429, whatever its Retry-After', async () => {
      const rateLimit = new RateLimitGauge()
      rateLimit.reserve = 100
      api.get('/apps/a').reply(429, {id: 'rate_limit', message: 'Your account reached the API rate limit.'}, {'RateLimit-Remaining': '0', 'Retry-After': '0'})
      const {client, sleeps} = harness({rateLimit})

      const error = await client.request({method: 'GET', path: '/apps/a'}).catch((error_: unknown) => error_) as RateLimitReserveError
      expect(error).to.be.instanceOf(RateLimitReserveError)
      const lastAnswer = 'Your account reached the API rate limit. (429 Too Many Requests)'
      expect(error.message).to.equal(`Not sent: GET /apps/a: the API rate limit has 0 requests left, at or below the reserve of 100 kept for the account's other uses (last answer: ${lastAnswer}).`)
      expect(requests).to.equal(1)
      expect(sleeps).to.deep.equal([])
    })
  })

  describe('the read budget (HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT)', () => {
    let server: Server
    let base: string
    let accepted: number

    /** A server that accepts every connection and never answers, as a silent API does. */
    beforeEach(async () => {
      accepted = 0
      server = createServer(() => {
        accepted++
      })
      await new Promise<void>(resolve => {
        server.listen(0, '127.0.0.1', resolve)
      })
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })

    afterEach(async () => {
      server.closeAllConnections()
      await new Promise(resolve => {
        server.close(resolve)
      })
    })

    it('ends a read against a silent API within the budget, retries included, and says so', async () => {
      const budget = new ReadBudget(300)
      const {client} = harness({baseUrl: base, budget, retry: {attempts: 3, baseDelayMs: 10, maxDelayMs: 10}, sleep: undefined})
      const started = Date.now()

      const error = await failure(client.request({method: 'GET', path: '/apps'}))
      const took = Date.now() - started
      expect(took).to.be.within(280, 1500)
      expect(accepted).to.equal(1)
      expect(error.id).to.equal('network_error')
      expect(error.message).to.match(/^No answer from 127\.0\.0\.1:\d+ for GET \/apps \(Request timed out\)\. The command's reads may take 0\.30 s in all \(HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT\)\.$/)
    })

    it('gives a change the whole length for itself, not what the reads left', async () => {
      const budget = new ReadBudget(200)
      const {client} = harness({baseUrl: base, budget})
      await failure(client.request({method: 'GET', path: '/apps'}))
      const started = Date.now()

      const error = await failure(client.request({method: 'POST', path: '/apps/a/run'}))
      expect(Date.now() - started).to.be.within(180, 1500)
      expect(error.message).to.match(/^No answer from 127\.0\.0\.1:\d+ for POST \/apps\/a\/run \(Request timed out\)\. It was sent once/)
    })

    it('abandons a request when its signal aborts, also during a retry pause, sending nothing more', async () => {
      const controller = new AbortController()
      const {client} = harness({baseUrl: base, budget: new ReadBudget(10_000)})
      const started = Date.now()
      setTimeout(() => controller.abort(), 100)

      const error = await failure(client.request({method: 'GET', path: '/apps', signal: controller.signal}))
      expect(Date.now() - started).to.be.below(2000)
      expect({id: error.id, message: error.message}).to.deep.equal({id: 'abandoned', message: 'GET /apps was abandoned before an answer.'})

      api.get('/apps/a').reply(503, {id: 'x', message: 'Down.'})
      const pausing = new AbortController()
      const paused = harness({retry: {attempts: 3, baseDelayMs: 5000, maxDelayMs: 5000}, sleep: undefined})
      setTimeout(() => pausing.abort(), 100)
      const during = Date.now()
      expect((await failure(paused.client.request({method: 'GET', path: '/apps/a', signal: pausing.signal}))).status).to.equal(503)
      expect(Date.now() - during).to.be.below(2000)
      expect(requests).to.equal(1)
    })

    it('does not start a retry whose pause would end after the budget', async () => {
      api.get('/apps/a').reply(503, {id: 'x', message: 'Down.'}, {'Retry-After': '2'})
      const {client, debug, sleeps} = harness({budget: new ReadBudget(1000)})

      const error = await failure(client.request({method: 'GET', path: '/apps/a'}))
      expect(error.status).to.equal(503)
      expect(sleeps).to.deep.equal([])
      expect(debug).to.include('not retrying GET /apps/a: the pause of 2000 ms would end after the read budget')
    })
  })

  describe('retries', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      it(`retries a GET answered ${status} up to 3 attempts, then fails with the API's error`, async () => {
        api.get('/apps/a').times(3).reply(status, {id: 'trouble', message: 'Try later.'})
        const {client, sleeps} = harness()

        const error = await failure(client.request({method: 'GET', path: '/apps/a'}))
        expect(requests).to.equal(3)
        expect(sleeps).to.have.length(2)
        expect(details(error)).to.deep.include({id: 'trouble', method: 'GET', path: '/apps/a', status})
      })
    }

    it('returns the answer of a retry that succeeds', async () => {
      api.get('/apps/a').reply(503, {id: 'unavailable', message: 'Down.'})
      api.get('/apps/a').reply(200, {name: 'a'})
      const {client, sleeps} = harness()

      expect(await client.request({method: 'GET', path: '/apps/a'})).to.deep.equal({name: 'a'})
      expect(requests).to.equal(2)
      expect(sleeps).to.have.length(1)
    })

    it('retries a GET whose connection drops, then says there was no answer', async () => {
      api.get('/apps/a').times(3).replyWithError(connectionReset())
      const {client, sleeps} = harness()

      const error = await failure(client.request({method: 'GET', path: '/apps/a'}))
      expect(requests).to.equal(3)
      expect(sleeps).to.have.length(2)
      expect(details(error)).to.deep.equal({
        id: 'network_error',
        message: 'No answer from api.example.test for GET /apps/a (ECONNRESET).',
        method: 'GET',
        path: '/apps/a',
        status: 0,
      })
    })

    it('backs off exponentially with up to 25% jitter', async () => {
      api.get('/apps/a').times(3).reply(500, {id: 'x', message: 'x'})
      const {client, sleeps} = harness()

      await failure(client.request({method: 'GET', path: '/apps/a'}))
      expect(sleeps[0]).to.be.within(100, 125)
      expect(sleeps[1]).to.be.within(200, 250)
    })

    it('adds Math.random() / 4 of the backoff as jitter', async () => {
      api.get('/apps/a').times(3).reply(500, {id: 'x', message: 'x'})
      const {client, sleeps} = harness()
      const {random} = Math
      Math.random = () => 0.8
      try {
        await failure(client.request({method: 'GET', path: '/apps/a'}))
      } finally {
        Math.random = random
      }

      expect(sleeps).to.deep.equal([120, 240])
    })

    it('honours Retry-After in seconds', async () => {
      api.get('/apps/a').reply(429, {id: 'rate_limit', message: 'Slow down.'}, {'Retry-After': '2'})
      api.get('/apps/a').reply(429, {id: 'rate_limit', message: 'Slow down.'}, {'Retry-After': '0'})
      api.get('/apps/a').reply(200, {})
      const {client, debug, sleeps} = harness()

      await client.request({method: 'GET', path: '/apps/a'})
      expect(sleeps).to.deep.equal([2000, 0])
      expect(debug.filter(line => line.startsWith('retrying'))).to.deep.equal([
        'retrying GET /apps/a in 2000 ms (attempt 2 of 3)',
        'retrying GET /apps/a in 0 ms (attempt 3 of 3)',
      ])
    })

    for (const status of [429, 503]) {
      it(`does not retry a ${status} whose Retry-After asks for longer than maxDelayMs: never sooner than asked`, async () => {
        api.get('/apps/a').reply(status, {id: 'rate_limit', message: 'Slow down.'}, {'Retry-After': '3600'})
        const {client, debug, sleeps} = harness()

        const error = await failure(client.request({method: 'GET', path: '/apps/a'}))
        expect(requests).to.equal(1)
        expect(sleeps).to.deep.equal([])
        expect(error.status).to.equal(status)
        expect(debug).to.include('not retrying GET /apps/a: the API asks to wait 3600000 ms (Retry-After), more than 5000 ms')
      })
    }

    it('honours Retry-After as an HTTP date, never negative', async () => {
      const future = new Date(Date.now() + 4000).toUTCString()
      api.get('/apps/a').reply(503, {id: 'x', message: 'x'}, {'Retry-After': future})
      api.get('/apps/a').reply(503, {id: 'x', message: 'x'}, {'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT'})
      api.get('/apps/a').reply(200, {})
      const {client, sleeps} = harness()

      await client.request({method: 'GET', path: '/apps/a'})
      expect(sleeps[0]).to.be.within(2000, 4000)
      expect(sleeps[1]).to.equal(0)
    })

    it('falls back to the backoff for an unreadable Retry-After', async () => {
      api.get('/apps/a').reply(503, {id: 'x', message: 'x'}, {'Retry-After': 'soon'})
      api.get('/apps/a').reply(200, {})
      const {client, sleeps} = harness()

      await client.request({method: 'GET', path: '/apps/a'})
      expect(sleeps[0]).to.be.within(100, 125)
    })

    for (const method of ['POST', 'PATCH'] as const) {
      it(`sends a ${method} once when it is answered 500`, async () => {
        api.intercept('/apps/a', method).reply(500, {id: 'internal_server_error', message: 'Internal server error.'})
        api.intercept('/apps/a', method).reply(200, {})
        const {client, sleeps} = harness()

        const error = await failure(client.request({body: {maintenance: true}, method, path: '/apps/a'}))
        expect(requests).to.equal(1)
        expect(api.pendingMocks()).to.have.length(1)
        expect(sleeps).to.deep.equal([])
        expect(error.message).to.equal(`Internal server error. (500 Internal Server Error).${NOT_RETRIED}`)
        nock.cleanAll()
      })

      it(`sends a ${method} once when its connection drops, and says it was not retried`, async () => {
        api.intercept('/apps/a', method).replyWithError(connectionReset())
        api.intercept('/apps/a', method).reply(200, {})
        const {client, sleeps} = harness()

        const error = await failure(client.request({body: {maintenance: true}, method, path: '/apps/a'}))
        expect(requests).to.equal(1)
        expect(api.pendingMocks()).to.have.length(1)
        expect(sleeps).to.deep.equal([])
        expect(details(error)).to.deep.equal({
          id: 'network_error',
          message: `No answer from api.example.test for ${method} /apps/a (ECONNRESET).${NOT_RETRIED}`,
          method,
          path: '/apps/a',
          status: 0,
        })
        nock.cleanAll()
      })
    }

    it('retries a POST marked retry: true (a read such as the resolve action), without the not-retried hint', async () => {
      api.post('/actions/addons/resolve').replyWithError(connectionReset())
      api.post('/actions/addons/resolve').reply(502, {id: 'bad_gateway', message: 'Bad gateway.'})
      api.post('/actions/addons/resolve').replyWithError(connectionReset())
      const {client} = harness()

      const error = await failure(client.request({body: {addon: 'REDIS', app: null}, method: 'POST', path: '/actions/addons/resolve', retry: true}))
      expect(requests).to.equal(3)
      expect(error.message).to.equal('No answer from api.example.test for POST /actions/addons/resolve (ECONNRESET).')
    })

    it('does not retry a GET marked retry: false', async () => {
      api.get('/apps/a').reply(503, {id: 'x', message: 'Down.'})
      api.get('/apps/a').reply(200, {})
      const {client} = harness()

      await failure(client.request({method: 'GET', path: '/apps/a', retry: false}))
      expect(requests).to.equal(1)
      nock.cleanAll()
    })

    for (const status of [400, 401, 403, 404, 409, 422, 501, 505]) {
      it(`never retries a ${status}`, async () => {
        api.get('/apps/a').reply(status, {id: 'nope', message: 'Nope.'})
        api.get('/apps/a').reply(200, {})
        const {client, sleeps} = harness()

        const error = await failure(client.request({method: 'GET', path: '/apps/a'}))
        expect(requests).to.equal(1)
        expect(sleeps).to.deep.equal([])
        expect(error.status).to.equal(status)
        nock.cleanAll()
      })
    }

    it('makes a single attempt when the policy allows fewer than one', async () => {
      api.get('/apps/a').reply(503, {id: 'x', message: 'Down.'})
      const {client} = harness({retry: {attempts: 0, baseDelayMs: 0, maxDelayMs: 0}})

      await failure(client.request({method: 'GET', path: '/apps/a'}))
      expect(requests).to.equal(1)
    })

    it('makes 3 attempts without a retry policy', async () => {
      expect(defaultRetryPolicy.attempts).to.equal(3)
      api.get('/apps/a').times(3).reply(503, {id: 'x', message: 'Down.'})
      const {client, sleeps} = harness({retry: undefined})

      await failure(client.request({method: 'GET', path: '/apps/a'}))
      expect(requests).to.equal(3)
      expect(sleeps).to.have.length(2)
    })

    it('really waits between attempts without an injected sleep', async () => {
      api.get('/apps/a').reply(503, {id: 'x', message: 'Down.'})
      api.get('/apps/a').reply(200, {})
      const {client} = harness({retry: {attempts: 2, baseDelayMs: 40, maxDelayMs: 40}, sleep: undefined})

      const started = Date.now()
      await client.request({method: 'GET', path: '/apps/a'})
      expect(Date.now() - started).to.be.at.least(35)
    })
  })

  describe('errors', () => {
    it('shows the API\'s message with the status text, keeping its id', async () => {
      api.get('/apps/a').reply(404, {id: 'not_found', message: ' Couldn\'t find that app. '})
      const {client} = harness()

      expect(details(await failure(client.request({method: 'GET', path: '/apps/a'})))).to.deep.equal({
        id: 'not_found',
        message: 'Couldn\'t find that app. (404 Not Found)',
        method: 'GET',
        path: '/apps/a',
        status: 404,
      })
    })

    it('makes up an id from the status when the API gives none', async () => {
      api.get('/apps/a').reply(422, {message: 'Invalid.'})
      const {client} = harness()

      expect(details(await failure(client.request({method: 'GET', path: '/apps/a'})))).to.deep.include({id: 'http_422', message: 'Invalid. (422 Unprocessable Entity)'})
    })

    it('gives a clean message, without the HTML, for an HTML error page', async () => {
      api.get('/apps/a').reply(404, '<html><body><h1>Application Error</h1></body></html>', {'content-type': 'text/html'})
      const {client} = harness()

      expect(details(await failure(client.request({method: 'GET', path: '/apps/a'})))).to.deep.equal({
        id: 'http_404',
        message: 'The API answered GET /apps/a with 404 Not Found and no error message.',
        method: 'GET',
        path: '/apps/a',
        status: 404,
      })
    })

    it('keeps the API\'s id but says there was no message when the message is blank', async () => {
      api.get('/apps/a').reply(404, {id: 'not_found', message: '  '})
      const {client} = harness()

      expect(details(await failure(client.request({method: 'GET', path: '/apps/a'})))).to.deep.include({
        id: 'not_found',
        message: 'The API answered GET /apps/a with 404 Not Found and no error message.',
      })
    })

    it('gives a clean message for a JSON error without a message, and for a status node does not name', async () => {
      api.get('/apps/a').reply(418, {error: 'teapot'})
      api.get('/apps/b').reply(499, {message: 42})
      const {client} = harness()

      expect((await failure(client.request({method: 'GET', path: '/apps/a'}))).message).to.equal('The API answered GET /apps/a with 418 I\'m a Teapot and no error message.')
      expect((await failure(client.request({method: 'GET', path: '/apps/b'}))).message).to.equal('The API answered GET /apps/b with 499 and no error message.')
    })

    it('reports malformed JSON as invalid_response', async () => {
      api.post('/apps/a/thing').reply(200, '{"name": "a"', {'content-type': 'application/json'})
      const {client} = harness()

      expect(details(await failure(client.request({method: 'POST', path: '/apps/a/thing'})))).to.deep.equal({
        id: 'invalid_response',
        message: 'The API answered POST /apps/a/thing with malformed JSON.',
        method: 'POST',
        path: '/apps/a/thing',
        status: 0,
      })
    })

    it('reports malformed JSON with a vendor +json content type too', async () => {
      api.get('/apps/a').times(3).reply(200, 'not json', {'content-type': 'application/vnd.heroku+json; version=3'})
      const {client} = harness()

      expect((await failure(client.request({method: 'GET', path: '/apps/a'}))).id).to.equal('invalid_response')
    })

    it('times out a request that gets no answer, and retries it for a GET', async () => {
      api.get('/apps/a').times(2).delay(500).reply(200, {})
      api.get('/apps/a').reply(200, {name: 'a'})
      const {client} = harness({timeoutMs: 50})

      expect(await client.request({method: 'GET', path: '/apps/a'})).to.deep.equal({name: 'a'})
      expect(requests).to.equal(3)
    })

    it('says a timed-out request had no answer', async () => {
      api.get('/apps/a').times(3).delay(500).reply(200, {})
      const {client} = harness({timeoutMs: 50})

      expect(details(await failure(client.request({method: 'GET', path: '/apps/a'})))).to.deep.equal({
        id: 'network_error',
        message: 'No answer from api.example.test for GET /apps/a (Request timed out).',
        method: 'GET',
        path: '/apps/a',
        status: 0,
      })
    })

    it('sends a timed-out POST once', async () => {
      api.post('/apps/a/run').delay(500).reply(200, {})
      const {client} = harness({timeoutMs: 50})

      const error = await failure(client.request({method: 'POST', path: '/apps/a/run'}))
      expect(requests).to.equal(1)
      expect(error.message).to.equal(`No answer from api.example.test for POST /apps/a/run (Request timed out).${NOT_RETRIED}`)
    })
  })

  describe('the token', () => {
    it('never appears in an error message, even when the server echoes the Authorization header', async () => {
      api.get('/account').reply(401, function () {
        return {id: 'unauthorized', message: `Invalid credentials: ${this.req.headers.authorization}`}
      })
      const {client, debug} = harness()

      const error = await failure(client.request({method: 'GET', path: '/account'}))
      expect(error.message).to.equal('Invalid credentials: Bearer [REDACTED] (401 Unauthorized)')
      expect(debug.join('\n')).to.include('Invalid credentials: Bearer [REDACTED]')
      expect(debug.join('\n')).not.to.include(TOKEN)
    })

    it('never appears in a network error or its debug lines, even inside the error', async () => {
      api.get('/account').times(3).replyWithError(Object.assign(new Error(`refused ${TOKEN}`), {code: undefined}))
      const {client, debug} = harness()

      const error = await failure(client.request({method: 'GET', path: '/account'}))
      expect(error.message).to.equal('No answer from api.example.test for GET /account (refused [REDACTED]).')
      expect(debug.length).to.be.greaterThan(3)
      expect(debug.join('\n')).not.to.include(TOKEN)
    })
  })
})

describe('api/client with the debug package enabled (DEBUG=*)', () => {
  let api: nock.Scope

  beforeEach(() => {
    api = nock(BASE)
  })

  afterEach(() => {
    api.done()
  })

  it('http-call itself would print the response body (so the check below can fail)', async () => {
    api.get('/account').reply(401, {id: 'unauthorized', message: `echo ${TOKEN}`})
    const stderr = await withAllDebug(() => HTTP.get(`${BASE}/account`).catch(() => {}))
    expect(stderr).to.include(TOKEN)
  })

  it('ApiClient requests print nothing through http-call\'s debug output', async () => {
    api.get('/account').reply(401, {id: 'unauthorized', message: `echo ${TOKEN}`})
    api.post('/apps/a/run', {secret: TOKEN}).reply(200, {echo: TOKEN})
    const {client} = harness({debug: undefined})
    const stderr = await withAllDebug(async () => {
      await failure(client.request({method: 'GET', path: '/account'}))
      await client.request({body: {secret: TOKEN}, method: 'POST', path: '/apps/a/run'})
    })
    expect(stderr).to.equal('')
  })
})

describe('api/client expectObject', () => {
  const request = {method: 'GET', path: '/apps/a'} as const

  it('returns an object that passes the check', () => {
    const value = {name: 'a'}
    expect(expectObject(value, request, v => v.name === 'a')).to.equal(value)
  })

  const bad: Array<[string, unknown, string]> = [
    ['an empty string', '', 'an empty body'],
    ['undefined', undefined, 'an empty body'],
    ['null', null, 'an unexpected body'],
    ['a list', [{name: 'a'}], 'an unexpected body'],
    ['a string', '<html></html>', 'an unexpected body'],
    ['a number', 42, 'an unexpected body'],
  ]
  for (const [what, value, description] of bad) {
    it(`refuses ${what} as invalid_response`, () => {
      expect(() => expectObject(value, request, () => true)).to.throw(ApiError, `The API answered GET /apps/a with ${description}.`)
    })
  }

  it('refuses an object that fails the check, with status 0 and the request', () => {
    let error: ApiError | undefined
    try {
      expectObject({other: 1}, {method: 'POST', path: '/x'}, v => 'name' in v)
    } catch (error_) {
      error = error_ as ApiError
    }

    expect(error && details(error)).to.deep.equal({id: 'invalid_response', message: 'The API answered POST /x with an unexpected body.', method: 'POST', path: '/x', status: 0})
  })
})

import {expect} from 'chai'

import {cli, expectCleanScenario, runScenario, type Scenario, timed} from '../helpers/cli.js'
import {errorLine, lines} from '../helpers/output.js'
import {APP, changingRequests, type LoggedRequest, REDIS_LIVELY, type SandboxSession, useSandbox} from '../helpers/sandbox.js'

const INFO = ['data:maintenances:info', 'REDIS_URL', '-a', APP]
const RUN = ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP]
const WINDOW_UPDATE = ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP]

/** The statuses the sandbox logged for one method and path, in order (0: the connection was dropped). */
function statusesOf(log: LoggedRequest[], method: string, path: string): number[] {
  return log.filter(r => r.method === method && r.path === path).map(r => r.status)
}

describe('e2e: injected faults on a GET (retried within a bound), each in its own sandbox', function () {
  this.timeout(60_000)
  const rateLimitFault = {
    body: {id: 'rate_limit', message: 'Your account reached the API rate limit.'},
    headers: {'Retry-After': '1'},
    method: 'GET',
    path: REDIS_LIVELY,
    status: 429,
    times: 1,
  }
  const malformedFault = {body: '{"status": "ready", "addon": {', headers: {'Content-Type': 'application/json'}, method: 'GET', path: REDIS_LIVELY, status: 200}
  let scenarios: Record<'dropped' | 'lasting500' | 'malformed' | 'once503' | 'rateLimited' | 'slow', Scenario>

  // These spend most of their time in retry pauses and timeouts, so they run side by side.
  before(async () => {
    const [lasting500, once503, rateLimited, slow, dropped, malformed] = await Promise.all([
      runScenario(INFO, {faults: [{body: {id: 'internal_server_error', message: 'The maintenance service is down.'}, method: 'GET', path: REDIS_LIVELY, status: 500}]}),
      runScenario(INFO, {faults: [{method: 'GET', path: REDIS_LIVELY, status: 503, times: 1}]}),
      runScenario(INFO, {faults: [rateLimitFault]}),
      runScenario(INFO, {env: {HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: '1'}, faults: [{delayMs: 3000, method: 'GET', path: REDIS_LIVELY}]}),
      runScenario(INFO, {faults: [{drop: true, method: 'GET', path: REDIS_LIVELY, times: 1}]}),
      runScenario(INFO, {faults: [malformedFault]}),
    ])
    scenarios = {dropped, lasting500, malformed, once503, rateLimited, slow}
  })

  it('gives up after at most 3 attempts on a lasting 500 and shows the API message (exit 2)', () => {
    const {log, result} = scenarios.lasting500
    expectCleanScenario(scenarios.lasting500)

    expect(result.code).to.equal(2)
    expect(result.stdout).to.equal('')
    expect(lines(result.stderr)).to.deep.equal(['Error: The maintenance service is down. (500 Internal Server Error)'])
    const attempts = statusesOf(log, 'GET', REDIS_LIVELY)
    expect(attempts.length, 'the GET was not retried').to.be.greaterThan(1)
    expect(attempts.length, 'the GET was retried without bound').to.be.at.most(3)
    expect(attempts.every(status => status === 500)).to.equal(true)
  })

  it('succeeds after one 503 (exit 0)', () => {
    const {log, result} = scenarios.once503
    expectCleanScenario(scenarios.once503)

    expect(result.code).to.equal(0)
    expect(result.stderr).to.equal('')
    expect(lines(result.stdout)).to.include('status: ready')
    expect(statusesOf(log, 'GET', REDIS_LIVELY)).to.deep.equal([503, 200])
  })

  it('waits as long as Retry-After says after a 429, then succeeds (exit 0)', () => {
    const {log, result} = scenarios.rateLimited
    expectCleanScenario(scenarios.rateLimited)

    expect(result.code).to.equal(0)
    expect(lines(result.stdout)).to.include('status: ready')
    const attempts = log.filter(r => r.method === 'GET' && r.path === REDIS_LIVELY)
    expect(attempts.map(r => r.status)).to.deep.equal([429, 200])
    // Without Retry-After the first pause is 500 to 625 ms.
    const pauseMs = Date.parse(attempts[1].at!) - Date.parse(attempts[0].at!)
    expect(pauseMs).to.be.at.least(950)
  })

  it('gives up on an answer slower than HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT, the budget of all the command\'s reads (exit 2)', () => {
    const {log, result} = scenarios.slow
    expectCleanScenario(scenarios.slow)

    expect(result.code).to.equal(2)
    expect(result.stdout).to.equal('')
    const budget = String.raw`The command's reads may take 1 s in all \(HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT\)\.`
    expect(errorLine(result)).to.match(new RegExp(String.raw`^Error: No answer from 127\.0\.0\.1:\d+ for GET ${REDIS_LIVELY} \(Request timed out\)\. ${budget}$`))
    // The budget is the whole command's: the silent read is not asked again once it is spent.
    expect(statusesOf(log, 'GET', REDIS_LIVELY).length).to.equal(1)
  })

  it('retries a dropped connection and succeeds (exit 0)', () => {
    const {log, result} = scenarios.dropped
    expectCleanScenario(scenarios.dropped)

    expect(result.code).to.equal(0)
    expect(lines(result.stdout)).to.include('addon_name: redis-lively-12345')
    expect(statusesOf(log, 'GET', REDIS_LIVELY)).to.deep.equal([0, 200])
  })

  it('reports malformed JSON in one clean line (exit 2)', () => {
    const {result} = scenarios.malformed
    expectCleanScenario(scenarios.malformed)

    expect(result.code).to.equal(2)
    expect(result.stdout).to.equal('')
    expect(lines(result.stderr)).to.deep.equal([`Error: The API answered GET ${REDIS_LIVELY} with malformed JSON.`])
  })
})

describe('e2e: injected faults on errors and on POSTs', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  beforeEach(async () => {
    await session.clearFaults()
  })

  afterEach(async () => {
    await session.clearFaults()
  })

  describe('on errors that asking again does not fix', () => {
    it('shows a 401 once, without retrying (exit 2)', async () => {
      await session.fault({body: {id: 'unauthorized', message: 'Invalid credentials provided.'}, method: 'GET', path: REDIS_LIVELY, status: 401})

      const result = await cli(session, INFO)

      expect(result.code).to.equal(2)
      expect(lines(result.stderr)).to.deep.equal(['Error: Invalid credentials provided. (401 Unauthorized)'])
      expect(statusesOf(await session.requests(), 'GET', REDIS_LIVELY)).to.deep.equal([401])
    })

    it('shows a 404 from the Data API once (exit 2)', async () => {
      await session.fault({body: {id: 'not_found', message: 'Couldn\'t find that add-on.'}, method: 'GET', path: REDIS_LIVELY, status: 404})

      const result = await cli(session, INFO)

      expect(result.code).to.equal(2)
      expect(lines(result.stderr)).to.deep.equal(['Error: Couldn\'t find that add-on. (404 Not Found)'])
      expect(statusesOf(await session.requests(), 'GET', REDIS_LIVELY)).to.deep.equal([404])
    })

    it('shows the message of a 422 on the window POST, sent once (exit 2)', async () => {
      await session.fault({
        body: {id: 'invalid_params', message: 'Maintenance windows cannot be changed while a maintenance is running.'},
        method: 'POST',
        path: `${REDIS_LIVELY}/window`,
        status: 422,
      })

      const result = await cli(session, WINDOW_UPDATE)

      expect(result.code).to.equal(2)
      expect(result.stdout).to.equal('')
      expect(errorLine(result)).to.equal('Error: Maintenance windows cannot be changed while a maintenance is running. (422 Unprocessable Entity)')
      expect(statusesOf(await session.requests(), 'POST', `${REDIS_LIVELY}/window`)).to.deep.equal([422])
    })

    it('prints an API error as a JSON error object under --json (exit 2)', async () => {
      await session.fault({body: {id: 'invalid_params', message: 'Window start must be on the hour.'}, method: 'POST', path: `${REDIS_LIVELY}/window`, status: 422})

      const result = await cli(session, [...WINDOW_UPDATE, '--json'])

      expect(result.code).to.equal(2)
      expect(JSON.parse(result.stdout)).to.deep.equal({
        error: {exit_code: 2, id: 'invalid_params', message: 'Window start must be on the hour. (422 Unprocessable Entity)', status: 422},
      })
      expect(statusesOf(await session.requests(), 'POST', `${REDIS_LIVELY}/window`)).to.deep.equal([422])
    })

    it('prints no HTML from an HTML error page (exit 2)', async () => {
      await session.fault({
        body: '<!DOCTYPE html>\n<html><head><title>Application Error</title></head><body><h1>502 Bad Gateway</h1></body></html>',
        headers: {'Content-Type': 'text/html; charset=utf-8'},
        method: 'POST',
        path: `${REDIS_LIVELY}/window`,
        status: 502,
      })

      const result = await cli(session, WINDOW_UPDATE)

      expect(result.code).to.equal(2)
      expect(`${result.stdout}${result.stderr}`).not.to.match(/<|html|DOCTYPE/i)
      expect(lines(result.stderr)).to.deep.equal([`Error: The API answered POST ${REDIS_LIVELY}/window with 502 Bad Gateway and no error message. It was sent once and not retried: check whether it took effect before trying again.`])
      expect(statusesOf(await session.requests(), 'POST', `${REDIS_LIVELY}/window`)).to.deep.equal([502])
    })
  })

  describe('on POST /run (never sent twice)', () => {
    it('sends exactly one POST on a 500 (exit 2)', async () => {
      await session.fault({body: {id: 'internal_server_error', message: 'Failover could not start.'}, method: 'POST', path: `${REDIS_LIVELY}/run`, status: 500})

      const result = await cli(session, RUN)

      expect(result.code).to.equal(2)
      expect(result.stdout).to.equal('')
      expect(lines(result.stderr)).to.deep.equal([
        'Starting maintenance for redis-lively-12345... failed',
        'Error: Failover could not start. (500 Internal Server Error). It was sent once and not retried: check whether it took effect before trying again.',
      ])
      expect(changingRequests(await session.requests()).map(r => `${r.method} ${r.path} ${r.status}`)).to.deep.equal([`POST ${REDIS_LIVELY}/run 500`])
    })

    it('sends exactly one POST when the connection drops, and says it was not retried (exit 2)', async () => {
      await session.fault({drop: true, method: 'POST', path: `${REDIS_LIVELY}/run`})

      const result = await cli(session, RUN)

      expect(result.code).to.equal(2)
      expect(result.stdout).to.equal('')
      const line = errorLine(result)
      expect(line).to.match(new RegExp(String.raw`^Error: No answer from 127\.0\.0\.1:\d+ for POST ${REDIS_LIVELY}/run \([^)]+\)\. `))
      expect(line.endsWith('. It was sent once and not retried: check whether it took effect before trying again.'), line).to.equal(true)
      expect(changingRequests(await session.requests()).map(r => `${r.method} ${r.path} ${r.status}`)).to.deep.equal([`POST ${REDIS_LIVELY}/run 0`])
    })

    it('left the maintenance ready after both failed runs', async () => {
      const result = await cli(session, [...INFO, '--json'])

      expect(JSON.parse(result.stdout)).to.include({started_at: null, status: 'ready'})
    })
  })
})

describe('e2e: --timeout ends wait and run --wait at the deadline, even mid-poll or mid-retry', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  afterEach(async () => {
    await session.clearFaults()
    await session.clearRequests()
  })

  /** Runs the command and measures how long the process took, start-up included. */
  const timedCli = (args: string[]) => timed(() => cli(session, args))

  const WAIT = ['data:maintenances:wait', 'REDIS_URL', '-a', APP, '--interval', '1s', '--timeout', '2s']

  it('wait: a poll the API does not answer is cut at the deadline (exit 3), also under --json', async () => {
    await session.fault({delayMs: 20_000, method: 'GET', path: REDIS_LIVELY})

    const human = await timedCli(WAIT)
    const json = await timedCli([...WAIT, '--json'])

    expect(human.result.code).to.equal(3)
    expect(errorLine(human.result)).to.equal('Error: Timed out after 2s waiting for redis-lively-12345 to complete maintenance (no status read yet).')
    expect(human.ms).to.be.below(6000)
    expect(json.result.code).to.equal(3)
    expect(JSON.parse(json.result.stdout).error).to.include({exit_code: 3, id: 'wait_timeout'})
    expect(json.ms, 'the abandoned request does not keep the process alive').to.be.below(6000)
  })

  it('wait: a retry pause inside a poll (Retry-After: 8) is cut at the deadline too (exit 3)', async () => {
    await session.fault({body: {id: 'unavailable', message: 'Try again soon.'}, headers: {'Retry-After': '8'}, method: 'GET', path: REDIS_LIVELY, status: 503})

    const {ms, result} = await timedCli(WAIT)

    expect(result.code).to.equal(3)
    expect(errorLine(result)).to.equal('Error: Timed out after 2s waiting for redis-lively-12345 to complete maintenance (no status read yet; last error: Try again soon. (503 Service Unavailable)).')
    expect(ms).to.be.below(6000)
    expect(statusesOf(await session.requests(), 'GET', REDIS_LIVELY)).to.deep.equal([503])
  })

  it('run --wait: the wait after the POST ends at its --timeout while a poll is unanswered (exit 3)', async () => {
    // run reads the maintenance once before its POST (to refuse status none): that read is answered at
    // once with the real document; only the polls after the POST go unanswered.
    const current = await session.api('GET', REDIS_LIVELY)
    await session.fault({body: current, method: 'GET', path: REDIS_LIVELY, status: 200, times: 1})
    await session.fault({delayMs: 20_000, method: 'GET', path: REDIS_LIVELY})

    const {ms, result} = await timedCli([...RUN, '--wait', '--interval', '1s', '--timeout', '2s'])

    expect(result.code).to.equal(3)
    expect(errorLine(result)).to.equal('Error: Timed out after 2s waiting for redis-lively-12345 to complete maintenance (no status read yet).')
    expect(ms).to.be.below(6000)
    expect(changingRequests(await session.requests()).map(r => `${r.method} ${r.path}`)).to.deep.equal([`POST ${REDIS_LIVELY}/run`])
  })
})

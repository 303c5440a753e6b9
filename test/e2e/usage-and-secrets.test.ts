import {expect} from 'chai'

import {cli} from '../helpers/cli.js'
import {errorLine, lines} from '../helpers/output.js'
import {APP, REDIS_LIVELY, type SandboxSession, useSandbox} from '../helpers/sandbox.js'

const INFO = ['data:maintenances:info', 'REDIS_URL', '-a', APP]

describe('e2e: usage errors from the real binary', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  it('refuses an unknown flag in one line, before any request (exit 1)', async () => {
    const result = await cli(session, ['data:maintenances', '-a', APP, '--bogus'])

    expect(result.code).to.equal(1)
    expect(result.stdout).to.equal('')
    expect(lines(result.stderr)).to.deep.equal(['Error: Nonexistent flag: --bogus'])
    expect(await session.requests()).to.deep.equal([])
  })

  it('refuses a missing ADDON argument in one line, before any request (exit 1)', async () => {
    const result = await cli(session, ['data:maintenances:info', '-a', APP])

    expect(result.code).to.equal(1)
    expect(lines(result.stderr)).to.have.length(1)
    expect(errorLine(result)).to.match(/^Error: Missing 1 required arg/)
    expect(await session.requests()).to.deep.equal([])
  })

  it('refuses --num 21 before any request (exit 1)', async () => {
    const result = await cli(session, ['data:maintenances:history', 'REDIS_URL', '-a', APP, '--num', '21'])

    expect(result.code).to.equal(1)
    expect(lines(result.stderr)).to.deep.equal(['Error: --num "21" is not valid: give a whole number from 1 to 20.'])
    expect(await session.requests()).to.deep.equal([])
  })

  it('prints a usage error as a JSON error object under --json (exit 1)', async () => {
    const result = await cli(session, ['data:maintenances:window:update', 'REDIS_URL', 'funday', '14:30', '-a', APP, '--json'])

    expect(result.code).to.equal(1)
    const {error} = JSON.parse(result.stdout) as {error: {exit_code: number; id: string; message: string}}
    expect(error).to.include({exit_code: 1, id: 'invalid_input'})
    expect(error.message).to.match(/^DAY "funday" is not a day of the week/)
    expect(await session.requests()).to.deep.equal([])
  })

  it('says an add-on the app does not have was not found (exit 1), after the read-only resolve only', async () => {
    const result = await cli(session, ['data:maintenances:info', 'NOPE_URL', '-a', APP])

    expect(result.code).to.equal(1)
    expect(errorLine(result)).to.match(/^Error: Add-on NOPE_URL was not found on app example-app: check the name with `heroku addons -a example-app`\.$/)
    expect((await session.requests()).map(r => `${r.method} ${r.path} ${r.status}`)).to.deep.equal(['POST /actions/addons/resolve 404'])
  })
})

describe('e2e: the token never reaches the output', function () {
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

  // DEBUG=* also turns on oclif's debug log, which ends with the stack of the error: allowed there only (see helpers).
  it('keeps it out of DEBUG=* output on a failing request', async () => {
    await session.fault({body: {id: 'forbidden', message: 'You do not have access to this add-on.'}, method: 'GET', path: REDIS_LIVELY, status: 403})

    const result = await cli(session, INFO, {DEBUG: '*'})

    expect(result.code).to.equal(2)
    expect(result.stderr).to.include(`heroku-data-maintenance → GET ${session.url}${REDIS_LIVELY}`)
    expect(result.stderr).to.include(`heroku-data-maintenance ← 403 GET ${session.url}${REDIS_LIVELY}`)
    expect(errorLine(result)).to.equal('Error: You do not have access to this add-on. (403 Forbidden)')
  })

  it('keeps it out of HEROKU_DEBUG=1 output on a failing POST', async () => {
    await session.fault({body: {id: 'internal_server_error', message: 'Failover could not start.'}, method: 'POST', path: `${REDIS_LIVELY}/run`, status: 500})

    const result = await cli(session, ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP], {HEROKU_DEBUG: '1'})

    expect(result.code).to.equal(2)
    expect(result.stderr).to.include(`heroku-data-maintenance ← 500 POST ${session.url}${REDIS_LIVELY}/run`)
    expect(errorLine(result)).to.equal('Error: Failover could not start. (500 Internal Server Error). It was sent once and not retried: check whether it took effect before trying again.')
  })

  it('redacts it when an API error message echoes it, in human and JSON output', async () => {
    await session.fault({body: {id: 'forbidden', message: `Token ${session.token} may not read this add-on.`}, method: 'GET', path: REDIS_LIVELY, status: 403})

    const human = await cli(session, INFO, {HEROKU_DEBUG: '1'})
    expect(human.code).to.equal(2)
    expect(errorLine(human)).to.equal('Error: Token [REDACTED] may not read this add-on. (403 Forbidden)')

    const json = await cli(session, [...INFO, '--json'])
    expect(json.code).to.equal(2)
    expect((JSON.parse(json.stdout) as {error: {message: string}}).error.message).to.equal('Token [REDACTED] may not read this add-on. (403 Forbidden)')
  })

  it('prints neither the real nor a wrong token when the sandbox refuses a wrong one (exit 2)', async () => {
    const wrongToken = 'hdm-e2e-wrong-token-5d1f0a'

    const result = await cli(session, INFO, {HEROKU_API_KEY: wrongToken})

    expect(result.code).to.equal(2)
    expect(`${result.stdout}${result.stderr}`).not.to.include(wrongToken)
    expect(errorLine(result)).to.equal('Error: Invalid credentials provided. (401 Unauthorized)')
  })
})

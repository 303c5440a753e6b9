import {expect} from 'chai'

import {cli, cliWhileClockMoves} from '../helpers/cli.js'
import {errorLine, lines} from '../helpers/output.js'
import {APP, changesSeen, POSTGRES_SHAPED, REDIS_LIVELY, requestLines, type SandboxSession, useSandbox} from '../helpers/sandbox.js'

interface HistoryAnswer {
  maintenances: Array<{completed_at: null | string; status: string}>
}

describe('e2e: data:maintenances:window:update', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  it('refuses a day that is not a weekday before sending anything', async () => {
    const result = await cli(session, ['data:maintenances:window:update', 'REDIS_URL', 'funday', '14:30', '-a', APP])

    expect(result.code).to.equal(1)
    expect(result.stdout).to.equal('')
    expect(lines(result.stderr)).to.have.length(1)
    expect(errorLine(result)).to.match(/^Error: DAY "funday" is not a day of the week: .*\(Sunday, sundays, SUNDAY\)/)
    expect(await session.requests()).to.deep.equal([])
  })

  it('sends one POST that moves the window (2 requests in all, as the official CLI), which a following window command shows', async () => {
    const update = await cli(session, ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP])

    expect(update.code).to.equal(0)
    expect(lines(update.stdout)).to.deep.equal([
      'previous_window: Fridays 18:00 to 22:00 UTC',
      'previously_scheduled_at: 2026-11-27 18:00:00 UTC',
      'scheduled_at: 2026-11-29 14:30:00 UTC',
      'window: Sundays 14:30 to 18:30 UTC',
    ])
    expect(await changesSeen(session)).to.deep.equal([`POST ${REDIS_LIVELY}/window`])
    expect(requestLines(await session.requests())).to.deep.equal(['POST /actions/addons/resolve', `POST ${REDIS_LIVELY}/window`])

    await session.clearRequests()
    const shown = await cli(session, ['data:maintenances:window', 'REDIS_URL', '-a', APP, '--json'])
    expect(shown.code).to.equal(0)
    expect(JSON.parse(shown.stdout)).to.deep.equal({
      previous_window: 'Fridays 18:00 to 22:00 UTC',
      previously_scheduled_at: '2026-11-27T18:00:00.000+00:00',
      scheduled_at: '2026-11-29T14:30:00.000+00:00',
      window: 'Sundays 14:30 to 18:30 UTC',
    })
    expect(await changesSeen(session)).to.deep.equal([])
  })

  it('refuses a window on the mini plan without a POST', async () => {
    const result = await cli(session, ['data:maintenances:window:update', 'CACHE_URL', 'monday', '10:00', '-a', APP])

    expect(result.code).to.equal(1)
    expect(errorLine(result)).to.include('redis-tiny-54321 is on the heroku-redis:mini plan')
    expect(await changesSeen(session)).to.deep.equal([])
  })
})

describe('e2e: data:maintenances:schedule', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  it('refuses to move a maintenance past its required_by time, with no POST', async () => {
    const result = await cli(session, ['data:maintenances:schedule', 'REDIS_URL', '--weeks', '1', '-a', APP])

    expect(result.code).to.equal(1)
    expect(result.stdout).to.equal('')
    expect(errorLine(result)).to.equal('Error: --weeks 1 would move the maintenance to 2026-12-04 18:00:00 UTC, after it is required by 2026-12-03 18:04:20 UTC: it cannot move later.')
    expect(requestLines(await session.requests())).to.deep.equal(['POST /actions/addons/resolve', `GET ${REDIS_LIVELY}`])
  })

  it('moves the staging database a week earlier with one POST, as info then shows', async () => {
    const result = await cli(session, ['data:maintenances:schedule', 'DATABASE', '--weeks', '-1', '-a', 'staging-app'])

    expect(result.code).to.equal(0)
    expect(lines(result.stdout)).to.deep.equal([
      'delay_weeks: -1',
      'previously_scheduled_for: 2026-12-01 19:00:00 UTC',
      'scheduled_for: 2026-11-24 19:00:00 UTC',
    ])
    expect(await changesSeen(session)).to.deep.equal([`POST ${POSTGRES_SHAPED}/schedule`])

    const info = await cli(session, ['data:maintenances:info', 'staging-app::DATABASE', '--json'])
    expect(JSON.parse(info.stdout)).to.include({previously_scheduled_for: '2026-12-01T19:00:00.000+00:00', scheduled_for: '2026-11-24T19:00:00.000+00:00'})
  })
})

describe('e2e: data:maintenances:run', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  it('refuses without --confirm while the app is not in maintenance mode (exit 1, no POST)', async () => {
    const result = await cli(session, ['data:maintenances:run', 'REDIS_URL', '-a', APP])

    expect(result.code).to.equal(1)
    expect(result.stdout).to.equal('')
    const expected = [
      'Error: Maintenance on redis-lively-12345 restarts example-app, which is not in maintenance mode.',
      'To run it anyway, pass --confirm example-app (or turn maintenance mode on first: heroku maintenance:on -a example-app).',
    ].join(' ')
    expect(errorLine(result)).to.equal(expected)
    expect(await changesSeen(session)).to.deep.equal([])
    expect(requestLines(await session.requests())).to.deep.equal(['POST /actions/addons/resolve', `GET /apps/${APP}`])
  })

  it('refuses a --confirm that names another app (exit 1, no POST)', async () => {
    const result = await cli(session, ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', 'staging-app'])

    expect(result.code).to.equal(1)
    expect(errorLine(result)).to.match(/^Error: --confirm "staging-app" does not match example-app/)
    expect(await changesSeen(session)).to.deep.equal([])
  })

  it('refuses the mini plan even with --confirm (exit 1, no POST)', async () => {
    const result = await cli(session, ['data:maintenances:run', 'CACHE_URL', '-a', APP, '--confirm', APP])

    expect(result.code).to.equal(1)
    expect(errorLine(result)).to.equal('Error: redis-tiny-54321 is on the heroku-redis:mini plan, which cannot run maintenance manually; only premium, private, shield plans can.')
    expect(await changesSeen(session)).to.deep.equal([])
  })

  it('starts it with --confirm example-app: exactly one POST /run', async () => {
    const result = await cli(session, ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP])

    expect(result.code).to.equal(0)
    expect(result.stdout).to.equal('Maintenance of redis-lively-12345: running, started 2026-11-23 12:00:00 UTC.\n')
    expect(result.stderr).to.equal('Starting maintenance for redis-lively-12345... done\n')
    expect(await changesSeen(session)).to.deep.equal([`POST ${REDIS_LIVELY}/run`])
  })
})

describe('e2e: data:maintenances:wait', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  it('exits 0 at once when there is no maintenance to wait for', async () => {
    const result = await cli(session, ['data:maintenances:wait', 'DATABASE', '-a', APP])

    expect(result.code).to.equal(0)
    expect(result.stdout).to.equal('No maintenance in progress for postgresql-curved-12345: status none, nothing to wait for.\n')
    expect(await changesSeen(session)).to.deep.equal([])
  })

  it('exits 3 when --timeout passes while a ready maintenance does not start (the clock stands still)', async () => {
    const result = await cli(session, ['data:maintenances:wait', 'REDIS_URL', '-a', APP, '--timeout', '2s', '--interval', '1s'])

    expect(result.code).to.equal(3)
    expect(result.stdout).to.equal('')
    expect(errorLine(result)).to.equal('Error: Timed out after 2s waiting for redis-lively-12345 to complete maintenance (last status ready).')
    expect(lines(result.stderr)[0]).to.match(/ redis-lively-12345: ready, scheduled for 2026-11-27 18:00:00 UTC/)
    const polls = (await session.requests()).filter(r => r.method === 'GET' && r.path === REDIS_LIVELY)
    expect(polls.length).to.be.within(2, 4)
    expect(await changesSeen(session)).to.deep.equal([])
  })
})

describe('e2e: data:maintenances:run --wait in maintenance mode', function () {
  this.timeout(60_000)
  let session: SandboxSession
  let configBefore: Record<string, string>
  let historyBefore: HistoryAnswer

  useSandbox(async opened => {
    session = opened
    // As `heroku maintenance:on -a example-app` would.
    await session.api('PATCH', `/apps/${APP}`, {maintenance: true})
    configBefore = await session.api<Record<string, string>>('GET', `/apps/${APP}/config-vars`)
    historyBefore = await session.api<HistoryAnswer>('GET', `${REDIS_LIVELY}/history/?limit=20`)
  })

  it('runs without --confirm and waits while the sandbox clock moves: exit 0, completed', async () => {
    const result = await cliWhileClockMoves(session, ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--wait', '--interval', '1s'])

    expect(result.code).to.equal(0)
    const [started, completed, ...rest] = lines(result.stdout)
    expect(started).to.match(/^Maintenance of redis-lively-12345: running, started 2026-11-23 12:\d\d:00 UTC\.$/)
    expect(completed).to.match(/^Maintenance of redis-lively-12345 completed at 2026-11-23 12:\d\d:\d\d UTC \(took ~ [^)]+\)\.$/)
    expect(rest).to.deep.equal([])
    expect(lines(result.stderr)[0]).to.equal('Starting maintenance for redis-lively-12345... done')
    expect(lines(result.stderr).at(-1)).to.match(/ redis-lively-12345: completed$/)
    expect(result.clockSteps).to.be.greaterThan(0)
    expect(await changesSeen(session)).to.deep.equal([`POST ${REDIS_LIVELY}/run`])
  })

  it('leaves redis:info saying Maintenance: not required', async () => {
    const result = await cli(session, ['redis:info', 'REDIS_URL', '-a', APP])

    expect(result.code).to.equal(0)
    expect(lines(result.stdout)[0]).to.equal('=== redis-lively-12345 (REDIS_URL)')
    expect(lines(result.stdout)).to.include('Maintenance: not required')
  })

  it('moved REDIS_URL to the new primary and left the other config vars alone', async () => {
    const configAfter = await session.api<Record<string, string>>('GET', `/apps/${APP}/config-vars`)

    expect(configAfter.REDIS_URL).to.match(/^redis:\/\//)
    expect(configAfter.REDIS_URL).not.to.equal(configBefore.REDIS_URL)
    expect({...configAfter, REDIS_URL: undefined}).to.deep.equal({...configBefore, REDIS_URL: undefined})
  })

  it('added the run to the history', async () => {
    const result = await cli(session, ['data:maintenances:history', 'REDIS_URL', '-a', APP, '--json'])

    expect(result.code).to.equal(0)
    const history = JSON.parse(result.stdout) as HistoryAnswer['maintenances']
    expect(historyBefore.maintenances).to.have.length(3)
    expect(history).to.have.length(historyBefore.maintenances.length + 1)
    expect(history[0].status).to.equal('completed')
    expect(history[0].completed_at).to.match(/^2026-11-23T12:/)
  })

  it('then has nothing left to wait for', async () => {
    const result = await cli(session, ['data:maintenances:wait', 'REDIS_URL', '-a', APP])

    expect(result.code).to.equal(0)
    expect(result.stdout).to.match(/^No maintenance in progress for redis-lively-12345: status completed at 2026-11-23 12:\d\d:\d\d UTC, nothing to wait for\.\n$/)
  })
})

import {expect} from 'chai'
import {DateTime} from 'luxon'

import {sleep} from '../../src/lib/sleep.js'
import {cli, cliWhileClockMoves, expectCleanOutput} from '../helpers/cli.js'
import {errorLine, lines} from '../helpers/output.js'
import {
  APP, changingRequests, describeLog, POSTGRES_SHAPED, REDIS_LIVELY, requestLines, type SandboxSession, untilRunPosted, useFreshSandbox, useSandbox,
} from '../helpers/sandbox.js'

const RUN = `${REDIS_LIVELY}/run`
const APP_PATH = `/apps/${APP}`
const RUN_IN_MAINTENANCE_MODE = ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--maintenance-mode', '--interval', '1s']

async function inMaintenanceMode(session: SandboxSession): Promise<boolean> {
  return (await session.api<{maintenance: boolean}>('GET', APP_PATH)).maintenance
}

/** `METHOD PATH STATUS` of the requests that changed something, in the order the sandbox saw them. */
async function changes(session: SandboxSession): Promise<string[]> {
  return describeLog(changingRequests(await session.requests()))
}

describe('e2e: data:maintenances:run --maintenance-mode', function () {
  this.timeout(60_000)
  let session: SandboxSession

  // A run changes the world for good: each test gets a fresh one, with example-app out of maintenance mode.
  useFreshSandbox(opened => {
    session = opened
  })

  it('switches maintenance mode on for the run (on during it) and back off after it completes', async () => {
    expect(await inMaintenanceMode(session)).to.equal(false)
    const {child, done} = session.start([...RUN_IN_MAINTENANCE_MODE, '--json'])
    await untilRunPosted(session, REDIS_LIVELY)
    const duringRun = await inMaintenanceMode(session)
    // Let the simulated maintenance finish: three simulated minutes are enough for its steps.
    while (child.exitCode === null) {
      await session.advanceClock('PT1M')
      await Promise.race([sleep(300), done])
    }

    const result = await done
    expectCleanOutput(session.token, result)

    expect(result.code, result.stderr).to.equal(0)
    expect(duringRun, 'in maintenance mode while it ran').to.equal(true)
    expect(await inMaintenanceMode(session), 'out of maintenance mode afterwards').to.equal(false)
    expect(await changes(session)).to.deep.equal([`PATCH ${APP_PATH} 200`, `POST ${RUN} 200`, `PATCH ${APP_PATH} 200`])
    const stderr = lines(result.stderr)
    expect(stderr[0]).to.equal('Enabling maintenance mode for example-app... done')
    expect(stderr[1]).to.equal('Starting maintenance for redis-lively-12345... done')
    expect(stderr.at(-2)).to.equal('Disabling maintenance mode for example-app... done')
    expect(stderr.at(-1)).to.match(/^example-app was in maintenance mode for \d+s\.$/)
    const json = JSON.parse(result.stdout)
    expect(json.maintenance.status).to.equal('completed')
    expect(json.maintenance_mode).to.deep.include({app: APP, switched_off: true, switched_on: true, was_on: false})
    expect(json.maintenance_mode.seconds_in_maintenance_mode).to.be.a('number')
  })

  it('switches it back off when the run POST fails, exit 2', async () => {
    await session.fault({body: {id: 'internal_server_error', message: 'boom'}, method: 'POST', path: RUN, status: 500})

    const result = await cli(session, RUN_IN_MAINTENANCE_MODE)

    expect(result.code).to.equal(2)
    expect(await inMaintenanceMode(session)).to.equal(false)
    expect(await changes(session)).to.deep.equal([`PATCH ${APP_PATH} 200`, `POST ${RUN} 500`, `PATCH ${APP_PATH} 200`])
    expect(lines(result.stderr).slice(0, 3)).to.deep.equal([
      'Enabling maintenance mode for example-app... done',
      'Starting maintenance for redis-lively-12345... failed',
      'Switching maintenance mode back off for example-app, as it was before... done',
    ])
    expect(errorLine(result)).to.match(/^Error: boom \(500 Internal Server Error\)/)
  })

  it('switches it back off when --timeout passes (the clock does not move), exit 3', async () => {
    const result = await cli(session, ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--maintenance-mode', '--timeout', '2s', '--interval', '1s'])

    expect(result.code).to.equal(3)
    expect(await inMaintenanceMode(session)).to.equal(false)
    const changed = await changes(session)
    expect(changed).to.deep.equal([`PATCH ${APP_PATH} 200`, `POST ${RUN} 200`, `PATCH ${APP_PATH} 200`])
    expect(lines(result.stderr)).to.include('Switching maintenance mode back off for example-app, as it was before... done')
    expect(errorLine(result)).to.match(/^Error: Timed out after 2s waiting for redis-lively-12345 to complete maintenance \(last status running\)\. Maintenance mode of example-app is off again, but the failover of redis-lively-12345 may still be running: follow it with heroku data:maintenances:wait redis-lively-12345 -a example-app\.$/)
  })

  it('switches it back off on Ctrl-C (SIGINT) while waiting, exit 130', async () => {
    const {child, done} = session.start(RUN_IN_MAINTENANCE_MODE)
    await untilRunPosted(session, REDIS_LIVELY, {polled: true})
    expect(await inMaintenanceMode(session)).to.equal(true)
    child.kill('SIGINT')

    const result = await done
    expectCleanOutput(session.token, result)

    expect(result.code, result.stderr).to.equal(130)
    expect(await inMaintenanceMode(session)).to.equal(false)
    expect(await changes(session)).to.deep.equal([`PATCH ${APP_PATH} 200`, `POST ${RUN} 200`, `PATCH ${APP_PATH} 200`])
    expect(lines(result.stderr)).to.include('Switching maintenance mode back off for example-app, as it was before... done')
    expect(errorLine(result)).to.match(/^Error: Interrupted: stopped waiting for redis-lively-12345 \(last status running\); the maintenance itself goes on\. Maintenance mode of example-app is off again, but the failover of redis-lively-12345 may still be running: follow it with heroku data:maintenances:wait redis-lively-12345 -a example-app\.$/)
  })

  it('leaves a maintenance mode that was already on alone', async () => {
    await session.api('PATCH', APP_PATH, {maintenance: true})
    await session.clearRequests()

    const result = await cliWhileClockMoves(session, RUN_IN_MAINTENANCE_MODE)

    expect(result.code, result.stderr).to.equal(0)
    expect(await inMaintenanceMode(session)).to.equal(true)
    expect(await changes(session)).to.deep.equal([`POST ${RUN} 200`])
    expect(lines(result.stderr)[0]).to.equal('example-app is already in maintenance mode: it stays on after the maintenance.')
  })
})

describe('e2e: --dry-run sends only reads', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  it('run: reads the app, the maintenance and its history, and changes nothing', async () => {
    const result = await cli(session, ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--maintenance-mode', '--dry-run', '--json'])

    expect(result.code, result.stderr).to.equal(0)
    expect(await changes(session)).to.deep.equal([])
    expect(requestLines(await session.requests())).to.deep.equal([
      'POST /actions/addons/resolve',
      `GET ${APP_PATH}`,
      `GET ${REDIS_LIVELY}`,
      `GET ${REDIS_LIVELY}/history/?limit=20`,
    ])
    expect(await inMaintenanceMode(session)).to.equal(false)
    const preview = JSON.parse(result.stdout)
    expect(Object.keys(preview)).to.deep.equal(['dry_run', 'addon', 'app', 'action', 'outcome', 'impact'])
    expect(preview).to.deep.include({action: 'run', addon: 'redis-lively-12345', app: APP, dry_run: true})
    expect(preview.outcome).to.deep.include({current_status: 'ready', maintenance_mode: {on: false, would_switch_on_and_off: true}, would_start_now: true})
    // The seeded history: three completed maintenances of 174, 201 and 186 seconds.
    expect(preview.impact).to.deep.include({expected_duration_seconds: {longest: 201, median: 186, samples: 3}, method: 'failover'})
  })

  it('schedule: shows the new time and changes nothing', async () => {
    const result = await cli(session, ['data:maintenances:schedule', 'DATABASE', '-a', 'staging-app', '--weeks=-1', '--dry-run', '--json'])

    expect(result.code, result.stderr).to.equal(0)
    expect(await changes(session)).to.deep.equal([])
    expect(requestLines(await session.requests())).to.deep.equal([
      'POST /actions/addons/resolve',
      `GET ${POSTGRES_SHAPED}`,
      `GET ${POSTGRES_SHAPED}/history/?limit=20`,
    ])
    const preview = JSON.parse(result.stdout)
    expect(preview).to.deep.include({action: 'schedule', addon: 'postgresql-shaped-67890', app: 'staging-app', dry_run: true})
    expect(preview.outcome).to.deep.equal({delay_weeks: -1, previously_scheduled_for: '2026-12-01T19:00:00.000Z', scheduled_for: '2026-11-24T19:00:00.000Z'})
    expect(preview.impact.expected_duration_seconds).to.deep.equal({longest: null, median: null, samples: 0})
    expect(lines(result.stderr)).to.deep.equal(['Dry run: nothing was changed (only reads were sent).'])
  })

  it('window:update: shows the new window and changes nothing', async () => {
    const result = await cli(session, ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP, '--dry-run'])

    expect(result.code, result.stderr).to.equal(0)
    expect(await changes(session)).to.deep.equal([])
    expect(requestLines(await session.requests())).to.deep.equal([
      'POST /actions/addons/resolve',
      `GET ${REDIS_LIVELY}/window`,
      `GET ${REDIS_LIVELY}`,
      `GET ${REDIS_LIVELY}/history/?limit=20`,
    ])
    expect(lines(result.stdout)).to.include('window: Sundays 14:30 to 18:30 UTC')
    const window = await session.api<{window: string}>('GET', `${REDIS_LIVELY}/window`)
    expect(window.window).to.equal('Fridays 18:00 to 22:00 UTC')
  })
})

describe('e2e: data:maintenances:window:update --tz', function () {
  this.timeout(60_000)
  let session: SandboxSession

  useFreshSandbox(opened => {
    session = opened
  })

  it('sends the start converted to UTC (the day shifts) and says so', async () => {
    // The CLI converts with Berlin's offset at the next Monday 00:30 by the real clock: winter (+01:00) or summer (+02:00).
    let next = DateTime.now().setZone('Europe/Berlin').startOf('week').set({hour: 0, minute: 30})
    if (next < DateTime.now()) next = next.plus({weeks: 1})
    const winter = next.offset === 60

    const result = await cli(session, ['data:maintenances:window:update', 'REDIS_URL', 'monday', '00:30', '--tz', 'Europe/Berlin', '-a', APP])

    expect(result.code, result.stderr).to.equal(0)
    expect(await changes(session)).to.deep.equal([`POST ${REDIS_LIVELY}/window 200`])
    const utc = winter ? 'Sunday 23:30 UTC (UTC+01:00' : 'Sunday 22:30 UTC (UTC+02:00'
    expect(lines(result.stderr)[0]).to.equal(`Monday 00:30 in Europe/Berlin is ${utc}, the offset of its next occurrence there, ${next.toISODate()}).`)
    expect(lines(result.stderr)).to.include('The day shifts: in UTC the window starts on Sunday, the day before Monday.')
    const window = await session.api<{window: string}>('GET', `${REDIS_LIVELY}/window`)
    expect(window.window).to.equal(winter ? 'Sundays 23:30 to 03:30 UTC' : 'Sundays 22:30 to 02:30 UTC')
  })

  it('takes DAY TIME as UTC without --tz, whatever TZ says', async () => {
    const result = await cli(session, ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP], {TZ: 'America/Los_Angeles'})

    expect(result.code, result.stderr).to.equal(0)
    expect(result.stderr).to.equal('')
    const window = await session.api<{window: string}>('GET', `${REDIS_LIVELY}/window`)
    expect(window.window).to.equal('Sundays 14:30 to 18:30 UTC')
  })

  it('refuses an unknown zone, naming it, before sending anything', async () => {
    const result = await cli(session, ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '--tz', 'Mars/Olympus', '-a', APP])

    expect(result.code).to.equal(1)
    expect(errorLine(result)).to.equal('Error: Unknown time zone "Mars/Olympus" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.')
    expect(await session.requests()).to.deep.equal([])
  })
})

import {expect} from 'chai'
import {SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'

import type {Maintenance} from '../../src/lib/maintenance/types.js'

import {formatTime} from '../../src/lib/format/time.js'
import {readEvents} from '../helpers/calendar-reader.js'
import {textOf} from '../helpers/output.js'
import {MAINTENANCES, type SandboxSession, useSandbox} from '../helpers/sandbox.js'

const DATA_LIST = `${MAINTENANCES}/apps`
/** The CLI's output must not depend on the zone of the machine that runs the tests. */
const NO_TZ = {TZ: undefined}

/** `2026-11-27T18:00:00.000+00:00` → `20261127T180000Z`, as the calendar writes it. */
function calendarForm(time: null | string): string {
  return new Date(time!).toISOString().replaceAll(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')
}

describe('e2e: data:maintenances across every app (bin/run.js against the sandbox)', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  afterEach(async () => {
    await session.clearFaults()
    await session.clearRequests()
  })

  it('lists the maintenances of example-app and staging-app (empty-app has none) with one request per app', async () => {
    await session.clearRequests()

    const {code, stderr, stdout} = await session.cli(['data:maintenances', '--all', '--columns', 'app,addon,status'], NO_TZ)

    expect(stderr).to.equal('')
    expect(code).to.equal(0)
    expect(stdout).to.equal(textOf(
      'App          Addon                    Status',
      '───────────  ───────────────────────  ──────',
      'example-app  redis-lively-12345       ready',
      'staging-app  postgresql-shaped-67890  ready',
      'example-app  postgresql-curved-12345  none',
      'example-app  redis-tiny-54321         none',
    ))
    const requests = (await session.requests()).map(r => `${r.method} ${r.path}`).sort()
    expect(requests).to.deep.equal([
      'GET /apps',
      `GET ${DATA_LIST}/${SEED_IDS.emptyApp}`,
      `GET ${DATA_LIST}/${SEED_IDS.exampleApp}`,
      `GET ${DATA_LIST}/${SEED_IDS.stagingApp}`,
    ].sort())
  })

  it('gives the API objects unchanged with --json, as the per-app listing does', async () => {
    const fleet = await session.cli(['data:maintenances', '--all', '--json'], NO_TZ)
    const example = await session.cli(['data:maintenances', '-a', 'example-app', '--json'], NO_TZ)
    const staging = await session.cli(['data:maintenances', '-a', 'staging-app', '--json'], NO_TZ)

    expect(fleet.code).to.equal(0)
    const all = JSON.parse(fleet.stdout) as Maintenance[]
    const perApp = [...JSON.parse(example.stdout), ...JSON.parse(staging.stdout)] as Maintenance[]
    expect(all.map(m => m.addon.name)).to.deep.equal(['redis-lively-12345', 'postgresql-shaped-67890', 'postgresql-curved-12345', 'redis-tiny-54321'])
    for (const maintenance of all) {
      expect(maintenance).to.deep.equal(perApp.find(m => m.addon.name === maintenance.addon.name))
    }
  })

  it('prints the other apps and warns about one whose list fails with 500, exit 2', async () => {
    await session.fault({body: {id: 'internal_server_error', message: 'Internal server error.'}, method: 'GET', path: `${DATA_LIST}/${SEED_IDS.stagingApp}`, status: 500})

    const human = await session.cli(['data:maintenances', '--all', '--columns', 'app,addon'], NO_TZ)
    const json = await session.cli(['data:maintenances', '--all', '--json'], NO_TZ)

    const warning = 'Warning: could not list maintenances of staging-app: Internal server error. (500 Internal Server Error)\n'
    expect(human.code).to.equal(2)
    expect(human.stderr).to.equal(warning)
    expect(human.stdout).to.equal(textOf(
      'App          Addon',
      '───────────  ───────────────────────',
      'example-app  redis-lively-12345',
      'example-app  postgresql-curved-12345',
      'example-app  redis-tiny-54321',
    ))
    expect(json.code).to.equal(2)
    expect(json.stderr).to.equal(warning)
    expect((JSON.parse(json.stdout) as Maintenance[]).map(m => m.app.name)).to.deep.equal(['example-app', 'example-app', 'example-app'])
  })

  it('writes an iCalendar of the scheduled maintenances that a strict reader accepts', async () => {
    const listing = JSON.parse((await session.cli(['data:maintenances', '--all', '--json'], NO_TZ)).stdout) as Maintenance[]
    const scheduled = listing.filter(m => m.scheduled_for && m.status !== 'completed')

    const {code, stderr, stdout} = await session.cli(['data:maintenances', '--all', '--ics'], NO_TZ)

    expect(code).to.equal(0)
    expect(stderr).to.equal('')
    const events = readEvents(stdout)
    expect(events.map(e => ({duration: e.duration, start: e.dtstart, summary: e.summary, uid: e.uid}))).to.deep.equal(scheduled.map(m => ({
      duration: 'PT4H',
      start: calendarForm(m.scheduled_for),
      summary: `Maintenance: ${m.addon.name} (${m.app.name})`,
      uid: `${m.addon.uuid}-${calendarForm(m.required_by)}@heroku-data-maintenance`,
    })))
    expect(events.map(e => e.summary)).to.deep.equal(['Maintenance: redis-lively-12345 (example-app)', 'Maintenance: postgresql-shaped-67890 (staging-app)'])
    expect(events[0].description).to.match(/^Kind: heroku-redis\nPlan: premium-0\nRequired by: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\nWindow: Fridays 18:00 to 22:00 UTC\nStatus: ready$/)
  })

  it('without --app or --all refuses in one line naming --app, --remote and --all, and sends nothing (--ics too)', async () => {
    await session.clearRequests()
    for (const argv of [[], ['--ics'], ['--json']]) {
      const {code, stderr, stdout} = await session.cli(['data:maintenances', ...argv], {...NO_TZ, HEROKU_APP: undefined})

      const message = 'No app given: pass --app APP or --remote REMOTE (or set HEROKU_APP) for one app, or --all to list every app you can access.'
      expect(code).to.equal(1)
      if (argv.includes('--json')) {
        expect(JSON.parse(stdout)).to.deep.equal({error: {exit_code: 1, id: 'invalid_input', message}})
      } else {
        expect(stderr).to.equal(`Error: ${message}\n`)
        expect(stdout).to.equal('')
      }
    }

    expect(await session.requests()).to.deep.equal([])
  })

  it('shows times in --tz beside UTC, and refuses an unknown zone before any request', async () => {
    const [lively] = JSON.parse((await session.cli(['data:maintenances', '-a', 'example-app', '--json', '--filter', 'addon=lively'], NO_TZ)).stdout) as Maintenance[]
    const berlin = await session.cli(['data:maintenances', '-a', 'example-app', '--tz', 'Europe/Berlin', '--columns', 'addon,scheduled_for', '--filter', 'addon=lively'], NO_TZ)
    await session.clearRequests()
    const unknown = await session.cli(['data:maintenances', '--tz', 'Mars/Olympus'], NO_TZ)

    expect(berlin.code).to.equal(0)
    const shown = formatTime(lively.scheduled_for, 'Europe/Berlin')
    expect(shown).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\+[12] \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$/)
    expect(berlin.stdout.split('\n')[2]).to.equal(`redis-lively-12345  ${shown}`)
    expect(unknown.code).to.equal(1)
    expect(unknown.stderr).to.equal('Error: Unknown time zone "Mars/Olympus" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.\n')
    expect(await session.requests()).to.deep.equal([])
  })
})

import {expect} from 'chai'
import {SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'

import {cli} from '../helpers/cli.js'
import {lines} from '../helpers/output.js'
import {APP, changingRequests, MAINTENANCES, REDIS_LIVELY, requestLines, type SandboxSession, useSandbox} from '../helpers/sandbox.js'

/** Table cells: columns are separated by two or more spaces, and no cell holds two spaces in a row. */
function cells(line: string): string[] {
  return line.trimEnd().split(/ {2,}/)
}

/** `key: value` lines without a trailing relative time such as ` (in 4 days)`, which follows the real clock. */
function withoutRelativeTimes(text: string): string[] {
  return lines(text).map(line => line.replace(/ \([^)]*\)$/, ''))
}

const MAINTENANCE_KEYS = [
  'addon',
  'app',
  'completed_at',
  'duration_seconds',
  'method',
  'previously_scheduled_for',
  'reason',
  'required_by',
  'scheduled_for',
  'server_created_at',
  'started_at',
  'status',
  'window',
]

describe('e2e: read commands against the demo world', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  afterEach(async () => {
    expect(changingRequests(await session.requests()), 'a read command changed something').to.deep.equal([])
  })

  describe('data:maintenances', () => {
    it('lists the three add-ons of example-app, soonest required first', async () => {
      const result = await cli(session, ['data:maintenances', '-a', APP])

      expect(result.code).to.equal(0)
      expect(result.stderr).to.equal('')
      const [header, rule, ...rows] = lines(result.stdout)
      expect(cells(header)).to.deep.equal(['Addon', 'Attachments', 'Window', 'Status', 'Required by', 'Scheduled for'])
      expect(rule).to.match(/^[─ ]+$/)
      expect(rows.map(row => cells(row))).to.deep.equal([
        ['redis-lively-12345', 'REDIS_URL', 'Fridays 18:00 to 22:00 UTC', 'ready', '2026-12-03 18:04:20 UTC', '2026-11-27 18:00:00 UTC'],
        ['postgresql-curved-12345', 'DATABASE_URL', 'Tuesdays 23:00 to 03:00 UTC', 'none', '-', '-'],
        ['redis-tiny-54321', 'CACHE_URL', '-', 'none', '-', '-'],
      ])
      expect(requestLines(await session.requests())).to.deep.equal([
        `GET /apps/${APP}`,
        `GET ${MAINTENANCES}/apps/${SEED_IDS.exampleApp}`,
      ])
    })

    it('prints the same maintenances as a JSON array with --json', async () => {
      const result = await cli(session, ['data:maintenances', '-a', APP, '--json'])

      expect(result.code).to.equal(0)
      const list = JSON.parse(result.stdout) as Array<Record<string, unknown> & {addon: {name: string; plan: string}; status: string}>
      expect(list.map(m => [m.addon.name, m.addon.plan, m.status])).to.deep.equal([
        ['redis-lively-12345', 'premium-0', 'ready'],
        ['postgresql-curved-12345', 'standard-0', 'none'],
        ['redis-tiny-54321', 'mini', 'none'],
      ])
      for (const maintenance of list) expect(Object.keys(maintenance).sort()).to.deep.equal(MAINTENANCE_KEYS)
      expect(list[0]).to.include({required_by: '2026-12-03T18:04:20.191+00:00', scheduled_for: '2026-11-27T18:00:00.000+00:00'})
    })

    it('says an app without data add-ons has none, and prints [] with --json (exit 0 both)', async () => {
      const human = await cli(session, ['data:maintenances', '-a', 'empty-app'])
      expect(human.code).to.equal(0)
      expect(human.stdout).to.equal('empty-app has no Postgres or Key-Value Store add-ons.\n')
      expect(human.stderr).to.equal('')

      const json = await cli(session, ['data:maintenances', '-a', 'empty-app', '--json'])
      expect(json.code).to.equal(0)
      expect(JSON.parse(json.stdout)).to.deep.equal([])
    })
  })

  describe('data:maintenances:info', () => {
    it('prints the flattened maintenance of REDIS_URL', async () => {
      const result = await cli(session, ['data:maintenances:info', 'REDIS_URL', '-a', APP])

      expect(result.code).to.equal(0)
      expect(result.stderr).to.equal('')
      expect(withoutRelativeTimes(result.stdout)).to.deep.equal([
        'addon_attachments: REDIS_URL',
        'addon_kind: heroku-redis',
        'addon_name: redis-lively-12345',
        'addon_plan: premium-0',
        'addon_window: Fridays 18:00 to 22:00 UTC',
        'app_name: example-app',
        'method: failover',
        'reason: routine_maintenance',
        'required_by: 2026-12-03 18:04:20 UTC',
        'scheduled_for: 2026-11-27 18:00:00 UTC',
        'server_created_at: 2026-09-04 18:04:20 UTC',
        'status: ready',
        'window: Fridays 18:00 to 22:00 UTC',
      ])
      expect(result.stdout).not.to.include('uuid')
      expect(requestLines(await session.requests())).to.deep.equal(['POST /actions/addons/resolve', `GET ${REDIS_LIVELY}`])
    })

    it('prints the API maintenance object with --json', async () => {
      const result = await cli(session, ['data:maintenances:info', 'REDIS_URL', '-a', APP, '--json'])

      expect(result.code).to.equal(0)
      const maintenance = JSON.parse(result.stdout) as Record<string, unknown>
      expect(Object.keys(maintenance).sort()).to.deep.equal(MAINTENANCE_KEYS)
      expect(maintenance.addon).to.deep.equal({
        attachments: ['REDIS_URL'],
        kind: 'heroku-redis',
        name: 'redis-lively-12345',
        plan: 'premium-0',
        uuid: SEED_IDS.redisLively,
        window: 'Fridays 18:00 to 22:00 UTC',
      })
      expect(maintenance.app).to.deep.equal({name: APP, uuid: SEED_IDS.exampleApp})
      expect(maintenance).to.include({
        completed_at: null,
        duration_seconds: null,
        method: 'failover',
        required_by: '2026-12-03T18:04:20.191+00:00',
        scheduled_for: '2026-11-27T18:00:00.000+00:00',
        started_at: null,
        status: 'ready',
      })
    })

    it('resolves APP::ATTACHMENT without --app', async () => {
      const result = await cli(session, ['data:maintenances:info', 'example-app::REDIS'])

      expect(result.code).to.equal(0)
      const shown = lines(result.stdout)
      expect(shown).to.include.members(['addon_name: redis-lively-12345', 'app_name: example-app', 'status: ready'])
      expect(requestLines(await session.requests())).to.deep.equal(['POST /actions/addons/resolve', `GET ${REDIS_LIVELY}`])
    })
  })

  describe('data:maintenances:history', () => {
    it('lists the three past maintenances, newest first, asking for the default 5', async () => {
      const result = await cli(session, ['data:maintenances:history', 'REDIS_URL', '-a', APP])

      expect(result.code).to.equal(0)
      const [header, , ...rows] = lines(result.stdout)
      expect(cells(header)).to.deep.equal(['Status', 'Required by', 'Scheduled for', 'Started at', 'Completed at', 'Duration', 'Window'])
      expect(rows.map(row => cells(row))).to.deep.equal([
        ['completed', '2026-09-10 18:04:13 UTC', '2026-09-04 18:00:00 UTC', '2026-09-04 18:01:14 UTC', '2026-09-04 18:04:20 UTC', '~ 3 minutes', 'Fridays 18:00 to 22:00 UTC'],
        ['completed', '2026-06-18 18:04:29 UTC', '2026-06-12 18:00:00 UTC', '2026-06-12 18:00:52 UTC', '2026-06-12 18:04:13 UTC', '~ 3 minutes', 'Fridays 18:00 to 22:00 UTC'],
        ['completed', '2026-03-26 08:30:37 UTC', '2026-03-20 18:00:00 UTC', '2026-03-20 18:01:35 UTC', '2026-03-20 18:04:29 UTC', '~ 3 minutes', 'Fridays 18:00 to 22:00 UTC'],
      ])
      expect(requestLines(await session.requests())).to.deep.equal(['POST /actions/addons/resolve', `GET ${REDIS_LIVELY}/history/?limit=5`])
    })

    it('sends limit=1 for --num 1 and shows one row', async () => {
      const result = await cli(session, ['data:maintenances:history', 'REDIS_URL', '-a', APP, '--num', '1', '--json'])

      expect(result.code).to.equal(0)
      const history = JSON.parse(result.stdout) as Array<{completed_at: string; status: string}>
      expect(history.map(m => [m.status, m.completed_at])).to.deep.equal([['completed', '2026-09-04T18:04:20.191+00:00']])
      const historyRequests = (await session.requests()).filter(r => r.path === `${REDIS_LIVELY}/history/`)
      expect(historyRequests.map(r => [r.method, r.query, r.status])).to.deep.equal([['GET', 'limit=1', 200]])
    })
  })

  describe('data:maintenances:window', () => {
    it('shows the Friday window and the next scheduled start', async () => {
      const result = await cli(session, ['data:maintenances:window', 'REDIS_URL', '-a', APP])

      expect(result.code).to.equal(0)
      expect(result.stdout).to.equal('scheduled_at: 2026-11-27 18:00:00 UTC\nwindow: Fridays 18:00 to 22:00 UTC\n')
      expect(requestLines(await session.requests())).to.deep.equal(['POST /actions/addons/resolve', `GET ${REDIS_LIVELY}/window`])
    })

    it('prints the window object with --json', async () => {
      const result = await cli(session, ['data:maintenances:window', 'REDIS_URL', '-a', APP, '--json'])

      expect(result.code).to.equal(0)
      expect(JSON.parse(result.stdout)).to.deep.equal({
        previous_window: null,
        previously_scheduled_at: null,
        scheduled_at: '2026-11-27T18:00:00.000+00:00',
        window: 'Fridays 18:00 to 22:00 UTC',
      })
    })
  })

  describe('redis:info', () => {
    it('shows each Redis add-on with its Maintenance line', async () => {
      const result = await cli(session, ['redis:info', '-a', APP])

      expect(result.code).to.equal(0)
      expect(result.stderr).to.equal('')
      const [lively, tiny, ...rest] = result.stdout.trimEnd().split('\n\n').map(block => block.split('\n'))
      expect(rest).to.deep.equal([])
      expect(lively[0]).to.equal('=== redis-lively-12345 (REDIS_URL)')
      expect(lively).to.include.members(['Plan: Premium 0', 'Maintenance: required by 2026-12-03 18:04:20 +0000', 'Maintenance window: Fridays 18:00 to 22:00 UTC'])
      expect(tiny[0]).to.equal('=== redis-tiny-54321 (CACHE_URL)')
      expect(tiny).to.include.members(['Plan: Mini', 'Maintenance: not required'])
      // The two databases may be read at the same time, so their order in the log is not fixed.
      expect(requestLines(await session.requests()).sort()).to.deep.equal([
        `GET /apps/${APP}/addons`,
        'GET /redis/v0/databases/redis-lively-12345',
        'GET /redis/v0/databases/redis-tiny-54321',
      ])
    })
  })
})

import {expect} from 'chai'
import {SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'

import {startTestSandbox, type TestSandbox, TOKEN} from './helpers.js'

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/
const MAINTENANCE_KEYS = [
  'addon',
  'app',
  'status',
  'method',
  'reason',
  'required_by',
  'scheduled_for',
  'previously_scheduled_for',
  'started_at',
  'completed_at',
  'server_created_at',
  'duration_seconds',
  'window',
]

function resolveOn(box: TestSandbox, addon: string, app?: null | string, extra: Record<string, unknown> = {}) {
  return box.post('/actions/addons/resolve', {addon, ...(app === undefined ? {} : {app}), ...extra})
}

describe('sandbox server: routes and shapes', () => {
  let box: TestSandbox

  before(async () => {
    box = await startTestSandbox()
  })

  after(async () => {
    await box.stop()
  })

  describe('authentication and errors', () => {
    it('answers 401 in the Heroku error shape without the right bearer token', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
        const response = await fetch(`${box.sandbox.url}/account`, {headers: authorization ? {authorization} : {}})
        expect(response.status, authorization).to.equal(401)
        expect(await response.json()).to.deep.equal({id: 'unauthorized', message: 'Invalid credentials provided.'})
      }
    })

    it('answers unknown routes and unknown things with 404 JSON', async () => {
      const route = await box.get('/nothing/here')
      expect(route.status).to.equal(404)
      expect(route.body.id).to.equal('not_found')
      expect(route.headers.get('content-type')).to.contain('application/json')
      expect((await box.get('//apps')).status).to.equal(404)
      const wrongMethod = await box.call('DELETE', '/apps/example-app')
      expect(wrongMethod.status).to.equal(404)
      const app = await box.get('/apps/no-such-app')
      expect(app.status).to.equal(404)
      expect(app.body).to.deep.equal({id: 'not_found', message: "Couldn't find that app: no-such-app."})
      const addon = await box.get('/data/maintenances/v1/no-such-addon')
      expect(addon.status).to.equal(404)
      expect(addon.body.message).to.contain('no-such-addon')
    })

    it('answers bad JSON and invalid bodies with 400, never crashing', async () => {
      const broken = await box.call('PATCH', '/apps/example-app', '{"maintenance": tru')
      expect(broken.status).to.equal(400)
      expect(broken.body.id).to.equal('bad_request')
      expect(broken.body.message).to.contain('not valid JSON')
      expect((await box.call('PATCH', '/apps/example-app', '[1,2]')).status).to.equal(400)
      expect((await box.call('PATCH', '/apps/example-app', {maintenance: 'yes'})).status).to.equal(400)
      expect((await box.call('PATCH', '/apps/example-app', {name: 'renamed'})).status).to.equal(422)
      expect((await box.call('PATCH', '/apps/example-app')).status).to.equal(400)
      expect((await box.post('/actions/addons/resolve', {app: 'example-app'})).status).to.equal(400)
      expect((await box.post('/actions/addons/resolve', {addon: 5})).status).to.equal(400)
      expect((await box.get('/apps/%E0%A4%A')).status).to.equal(400)
      expect((await box.get('/account')).status).to.equal(200)
    })

    it('refuses bodies over 1 MiB with 413', async () => {
      const answer = await box.post('/actions/addons/resolve', {addon: 'x'.repeat(1024 * 1024 + 10)})
      expect(answer.status).to.equal(413)
      expect(answer.body.id).to.equal('request_too_large')
    })

    it('echoes the Request-Id header', async () => {
      const answer = await box.call('GET', '/account', undefined, {'request-id': 'abc-123'})
      expect(answer.headers.get('request-id')).to.equal('abc-123')
      expect((await box.get('/account')).headers.get('request-id')).to.match(/^[\da-f-]{36}$/)
    })
  })

  describe('Platform API', () => {
    it('GET /account is the demo user', async () => {
      const {body, status} = await box.get('/account')
      expect(status).to.equal(200)
      expect(body).to.include({email: 'demo@example.com', id: SEED_IDS.account})
    })

    it('GET /apps lists the seeded apps; /users/~/apps too', async () => {
      const {body} = await box.get('/apps')
      expect(body.map((app: {name: string}) => app.name)).to.deep.equal(['example-app', 'empty-app', 'staging-app'])
      expect(body[0]).to.include({id: SEED_IDS.exampleApp, maintenance: false})
      expect((await box.get('/users/~/apps')).body).to.have.length(3)
      expect((await box.get('/users/demo@example.com/apps')).status).to.equal(200)
      expect((await box.get('/users/someone-else/apps')).status).to.equal(404)
    })

    it('GET /apps/{app} by name or id', async () => {
      const byName = await box.get('/apps/example-app')
      const byId = await box.get(`/apps/${SEED_IDS.exampleApp}`)
      expect(byName.body).to.deep.equal(byId.body)
      expect(byName.body).to.include({id: SEED_IDS.exampleApp, name: 'example-app', maintenance: false})
      expect(byName.body.owner.email).to.equal('demo@example.com')
    })

    it('PATCH /apps/{app} switches maintenance mode', async () => {
      const on = await box.call('PATCH', '/apps/empty-app', {maintenance: true})
      expect(on.status).to.equal(200)
      expect(on.body.maintenance).to.equal(true)
      expect((await box.get('/apps/empty-app')).body.maintenance).to.equal(true)
      const off = await box.call('PATCH', `/apps/${SEED_IDS.emptyApp}`, {maintenance: false})
      expect(off.body.maintenance).to.equal(false)
    })

    it('GET /apps/{app}/addons gives Platform add-on objects', async () => {
      const {body} = await box.get('/apps/example-app/addons')
      expect(body.map((addon: {name: string}) => addon.name)).to.deep.equal(['redis-lively-12345', 'postgresql-curved-12345', 'redis-tiny-54321'])
      const redis = body[0]
      expect(redis).to.include({id: SEED_IDS.redisLively, name: 'redis-lively-12345', state: 'provisioned'})
      expect(redis.app).to.deep.equal({id: SEED_IDS.exampleApp, name: 'example-app'})
      expect(redis.addon_service).to.include({name: 'heroku-redis'})
      expect(redis.addon_service.id).to.match(/^[\da-f-]{36}$/)
      expect(redis.plan).to.include({name: 'heroku-redis:premium-0'})
      expect(redis.config_vars).to.deep.equal(['REDIS_URL'])
      expect(body[1].plan.name).to.equal('heroku-postgresql:standard-0')
      expect(body[2].plan.name).to.equal('heroku-redis:mini')
      expect((await box.get('/apps/empty-app/addons')).body).to.deep.equal([])
    })

    it('GET single add-ons and attachments the official CLI may ask for', async () => {
      expect((await box.get('/addons/redis-lively-12345')).body.id).to.equal(SEED_IDS.redisLively)
      expect((await box.get(`/addons/${SEED_IDS.redisLively}`)).body.name).to.equal('redis-lively-12345')
      expect((await box.get('/addons')).body).to.have.length(4)
      expect((await box.get('/apps/example-app/addons/redis-tiny-54321')).body.name).to.equal('redis-tiny-54321')
      expect((await box.get('/apps/empty-app/addons/redis-tiny-54321')).status).to.equal(404)
      // Lists come ordered by id, as the Platform API orders them without a Range header.
      const attachments = await box.get('/apps/example-app/addon-attachments')
      expect(attachments.body.map((attachment: {name: string}) => attachment.name).sort()).to.deep.equal(['CACHE', 'DATABASE', 'REDIS'])
      const ids = attachments.body.map((attachment: {id: string}) => attachment.id)
      expect(ids).to.deep.equal([...ids].sort())
      const redis = attachments.body.find((attachment: {name: string}) => attachment.name === 'REDIS')
      expect(redis.addon).to.include({id: SEED_IDS.redisLively, name: 'redis-lively-12345'})
      expect(redis.app).to.deep.equal({id: SEED_IDS.exampleApp, name: 'example-app'})
      expect((await box.get('/addon-attachments')).body).to.have.length(4)
      expect((await box.get('/addons/redis-lively-12345/addon-attachments')).body[0].name).to.equal('REDIS')
      expect((await box.get('/apps/example-app/addon-attachments/CACHE')).body.addon.name).to.equal('redis-tiny-54321')
      expect((await box.get('/apps/example-app/addon-attachments/NOPE')).status).to.equal(404)
    })

    it('GET /apps/{app}/config-vars has one fake URL per attachment', async () => {
      const {body} = await box.get('/apps/example-app/config-vars')
      expect(Object.keys(body).sort()).to.deep.equal(['CACHE_URL', 'DATABASE_URL', 'REDIS_URL'])
      expect(body.REDIS_URL).to.match(/^redis:\/\/h:p[\da-f]+@127\.0\.0\.1:\d+$/)
      expect(body.DATABASE_URL).to.match(/^postgres:\/\/u[\da-f]+:p[\da-f]+@127\.0\.0\.1:\d+\/d[\da-f]+$/)
    })

    it('GET /apps/{app}/releases lists releases, honouring Range order and max', async () => {
      const {body} = await box.get('/apps/example-app/releases')
      expect(body[0]).to.include({version: 1, description: 'Initial release', status: 'succeeded'})
      expect(body.at(-1).current).to.equal(true)
      expect(body.filter((release: {description: string}) => release.description === 'Update REDIS by heroku-redis')).to.have.length(3)
      const newest = await box.call('GET', '/apps/example-app/releases', undefined, {range: 'version ..; max=2, order=desc'})
      expect(newest.body.map((release: {version: number}) => release.version)).to.deep.equal([body.length, body.length - 1])
      expect((await box.get('/apps/example-app/releases/1')).body.description).to.equal('Initial release')
      expect((await box.get('/apps/example-app/releases/999')).status).to.equal(404)
    })
  })

  describe('add-on resolution', () => {
    it('finds an add-on by name, id, attachment, config var or app::attachment', async () => {
      for (const [argument, app] of [
        ['redis-lively-12345', null],
        [SEED_IDS.redisLively, null],
        ['REDIS', 'example-app'],
        ['REDIS_URL', 'example-app'],
        ['redis_url', 'example-app'],
        ['example-app::REDIS', null],
        ['REDIS', undefined],
      ] as const) {
        const {body, status} = await resolveOn(box, argument, app)
        expect(status, argument).to.equal(200)
        expect(body.map((addon: {name: string}) => addon.name), argument).to.deep.equal(['redis-lively-12345'])
        expect(body[0].addon_service.name).to.equal('heroku-redis')
        expect(body[0].plan.name).to.equal('heroku-redis:premium-0')
        expect(body[0].config_vars).to.deep.equal(['REDIS_URL'])
      }
    })

    it('answers every candidate when an attachment name is ambiguous without an app', async () => {
      const {body} = await resolveOn(box, 'DATABASE', null)
      expect(body.map((addon: {name: string}) => addon.name)).to.deep.equal(['postgresql-curved-12345', 'postgresql-shaped-67890'])
      const onStaging = await resolveOn(box, 'DATABASE_URL', 'staging-app')
      expect(onStaging.body.map((addon: {name: string}) => addon.name)).to.deep.equal(['postgresql-shaped-67890'])
    })

    it('filters by addon_service and answers 404 naming the argument when nothing matches', async () => {
      expect((await resolveOn(box, 'DATABASE', 'example-app', {addon_service: 'heroku-redis'})).status).to.equal(404)
      const missing = await resolveOn(box, 'NOPE', 'example-app')
      expect(missing.status).to.equal(404)
      expect(missing.body).to.deep.equal({id: 'not_found', message: "Couldn't find that add-on: NOPE on app example-app."})
      const noApp = await resolveOn(box, 'REDIS', 'ghost-app')
      expect(noApp.status).to.equal(404)
      expect(noApp.body.message).to.contain('ghost-app')
    })

    it('resolves attachments for POST /actions/addon-attachments/resolve', async () => {
      const {body} = await box.post('/actions/addon-attachments/resolve', {addon_attachment: 'REDIS_URL', app: 'example-app'})
      expect(body).to.have.length(1)
      expect(body[0]).to.include({name: 'REDIS', namespace: null})
      expect(body[0].addon.plan.name).to.equal('heroku-redis:premium-0')
      const byAddon = await box.post('/actions/addon-attachments/resolve', {addon_attachment: 'postgresql-shaped-67890'})
      expect(byAddon.body[0].app.name).to.equal('staging-app')
      const filtered = await box.post('/actions/addon-attachments/resolve', {addon_attachment: 'DATABASE', addon_service: 'heroku-redis'})
      expect(filtered.status).to.equal(404)
    })
  })

  describe('Data API', () => {
    it('GET /data/maintenances/v1/apps/{app_id} has one Maintenance per data add-on', async () => {
      const {body, status} = await box.get(`/data/maintenances/v1/apps/${SEED_IDS.exampleApp}`)
      expect(status).to.equal(200)
      expect(body.maintenances.map((maintenance: {addon: {name: string}}) => maintenance.addon.name))
      .to.deep.equal(['redis-lively-12345', 'postgresql-curved-12345', 'redis-tiny-54321'])
      for (const maintenance of body.maintenances) expect(Object.keys(maintenance)).to.have.members(MAINTENANCE_KEYS)
      expect((await box.get('/data/maintenances/v1/apps/example-app')).body).to.deep.equal(body)
      expect((await box.get('/data/maintenances/v1/apps/empty-app')).body).to.deep.equal({maintenances: []})
    })

    it('the demo Redis has a ready maintenance in its Friday window', async () => {
      const {body} = await box.get('/data/maintenances/v1/redis-lively-12345')
      expect(body.addon).to.deep.equal({
        attachments: ['REDIS_URL'],
        kind: 'heroku-redis',
        name: 'redis-lively-12345',
        plan: 'premium-0',
        uuid: SEED_IDS.redisLively,
        window: 'Fridays 18:00 to 22:00 UTC',
      })
      expect(body.app).to.deep.equal({name: 'example-app', uuid: SEED_IDS.exampleApp})
      expect(body).to.include({
        status: 'ready',
        method: 'failover',
        reason: 'routine_maintenance',
        scheduled_for: '2026-11-27T18:00:00.000+00:00',
        required_by: '2026-12-03T18:04:20.191+00:00',
        server_created_at: '2026-09-04T18:04:20.191+00:00',
        previously_scheduled_for: null,
        started_at: null,
        completed_at: null,
        duration_seconds: null,
        window: 'Fridays 18:00 to 22:00 UTC',
      })
      expect((await box.get(`/data/maintenances/v1/${SEED_IDS.redisLively}`)).body).to.deep.equal(body)
    })

    it('add-ons without a maintenance show status none', async () => {
      const postgres = (await box.get('/data/maintenances/v1/postgresql-curved-12345')).body
      expect(postgres).to.include({status: 'none', required_by: null, scheduled_for: null, method: null})
      expect(postgres.addon.plan).to.equal('standard-0')
      expect(postgres.addon.window).to.match(/^(Mon|Tues|Wednes|Thurs|Fri)days (18|19|20|21|22|23):(00|30) to \d\d:\d\d UTC$/)
      expect(postgres.server_created_at).to.match(ISO_TIME)
      const mini = (await box.get('/data/maintenances/v1/redis-tiny-54321')).body
      expect(mini).to.include({status: 'none', window: null})
      expect(mini.addon).to.include({plan: 'mini', window: null})
    })

    it('the staging Postgres maintenance is ready and scheduled after the notice period', async () => {
      const {body} = await box.get('/data/maintenances/v1/postgresql-shaped-67890')
      expect(body.status).to.equal('ready')
      expect(body.addon.plan).to.equal('premium-0')
      expect(body.scheduled_for >= '2026-11-25T09:00:00.000+00:00').to.equal(true)
      expect(body.scheduled_for <= body.required_by).to.equal(true)
    })

    it('history lists completed maintenances with durations, newest first, limited to 1..20', async () => {
      const {body} = await box.get('/data/maintenances/v1/redis-lively-12345/history/?limit=5')
      expect(body.maintenances).to.have.length(3)
      expect(body.maintenances.map((maintenance: {duration_seconds: string}) => maintenance.duration_seconds)).to.deep.equal(['186', '201', '174'])
      for (const maintenance of body.maintenances) {
        expect(maintenance.status).to.equal('completed')
        expect(maintenance.completed_at).to.match(ISO_TIME)
        expect(Object.keys(maintenance)).to.have.members(MAINTENANCE_KEYS)
      }

      expect((await box.get('/data/maintenances/v1/redis-lively-12345/history?limit=1')).body.maintenances).to.have.length(1)
      expect((await box.get('/data/maintenances/v1/redis-lively-12345/history')).body.maintenances).to.have.length(3)
      for (const limit of ['0', '21', 'abc', '-1', '2.5']) {
        const refused = await box.get(`/data/maintenances/v1/redis-lively-12345/history/?limit=${limit}`)
        expect(refused.status, limit).to.equal(422)
        expect(refused.body.id).to.equal('invalid_params')
      }

      expect((await box.get('/data/maintenances/v1/redis-tiny-54321/history/')).body).to.deep.equal({maintenances: []})
    })

    it('GET window gives the Window object', async () => {
      const {body} = await box.get('/data/maintenances/v1/redis-lively-12345/window')
      expect(body).to.deep.equal({
        window: 'Fridays 18:00 to 22:00 UTC',
        previous_window: null,
        scheduled_at: '2026-11-27T18:00:00.000+00:00',
        previously_scheduled_at: null,
      })
      expect((await box.get('/data/maintenances/v1/redis-tiny-54321/window')).body).to.deep.equal({
        window: null, previous_window: null, scheduled_at: null, previously_scheduled_at: null,
      })
    })

    it('validates the bodies of schedule and window updates', async () => {
      const base = '/data/maintenances/v1/redis-lively-12345'
      expect((await box.post(`${base}/schedule`, {})).status).to.equal(400)
      expect((await box.post(`${base}/schedule`, {delay_weeks: true})).status).to.equal(400)
      expect((await box.post(`${base}/schedule`, {delay_weeks: 'soon'})).status).to.equal(422)
      expect((await box.post(`${base}/schedule`, {delay_weeks: 1.5})).status).to.equal(422)
      expect((await box.post(`${base}/schedule`, {delay_weeks: '0'})).status).to.equal(422)
      expect((await box.post(`${base}/schedule`, 'nope')).status).to.equal(400)
      expect((await box.post(`${base}/window`, {day_of_week: 'sunday'})).status).to.equal(400)
      const badDay = await box.post(`${base}/window`, {day_of_week: 'funday', time_of_day: '14:30'})
      expect(badDay.status).to.equal(422)
      expect(badDay.body.message).to.contain('funday')
      expect((await box.post(`${base}/window`, {day_of_week: 'sunday', time_of_day: '25:00'})).status).to.equal(422)
      // Nothing changed by the refused requests.
      expect((await box.get(base)).body.scheduled_for).to.equal('2026-11-27T18:00:00.000+00:00')
    })
  })

  describe('Redis API', () => {
    it('GET /redis/v0/databases/{name} has the info rows, Maintenance included', async () => {
      const {body, status} = await box.get('/redis/v0/databases/redis-lively-12345')
      expect(status).to.equal(200)
      expect(body).to.include({name: 'redis-lively-12345', plan: 'premium-0', version: '7.2.4'})
      const rows = Object.fromEntries(body.info.map((row: {name: string; values: string[]}) => [row.name, row.values]))
      expect(body.info.slice(0, 4).map((row: {name: string}) => row.name)).to.deep.equal(['Plan', 'Status', 'Created', 'Version'])
      expect(rows.Plan).to.deep.equal(['Premium 0'])
      expect(rows.Status).to.deep.equal(['available'])
      expect(rows.Maintenance).to.deep.equal(['required by 2026-12-03 18:04:20 +0000'])
      expect(rows['Maintenance window']).to.deep.equal(['Fridays 18:00 to 22:00 UTC'])
    })

    it('says not required for an add-on without a maintenance, and has no window row for mini', async () => {
      const {body} = await box.get('/redis/v0/databases/redis-tiny-54321')
      const rows = Object.fromEntries(body.info.map((row: {name: string; values: string[]}) => [row.name, row.values]))
      expect(rows.Maintenance).to.deep.equal(['not required'])
      expect(rows['Maintenance window']).to.equal(undefined)
    })

    it('answers 404 for a Postgres add-on or an unknown name', async () => {
      expect((await box.get('/redis/v0/databases/postgresql-curved-12345')).status).to.equal(404)
      expect((await box.get('/redis/v0/databases/nothing')).status).to.equal(404)
    })
  })
})

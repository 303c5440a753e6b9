import {expect} from 'chai'
import {instant} from 'heroku-data-maintenance-sandbox/clock'
import {isInWindow, isOnCall, type OnCallHours, SCHEDULING_BATCH, STANDBY_REPLACEMENT_MINUTES} from 'heroku-data-maintenance-sandbox/roll-rules'
import {addBusinessDays, type WeeklyWindow} from 'heroku-data-maintenance-sandbox/rules'
import {DateTime} from 'luxon'

import {type Json, startTestSandbox, type TestSandbox} from './helpers.js'

const ON_CALL = {zone: 'America/Los_Angeles', start: '09:00', end: '17:00'}
const ON_CALL_HOURS: OnCallHours = {zone: 'America/Los_Angeles', startMinute: 9 * 60, endMinute: 17 * 60}
const CONCURRENCY = 3

interface RollStep {
  step: string
  at: string
  [detail: string]: string
}

interface RollAddon {
  name: string
  app: string
  plan: string
  ha: boolean
  steps: RollStep[]
  ran_by: 'owner' | 'service' | null
}

function stepOf(addon: RollAddon, name: string): RollStep | undefined {
  return addon.steps.find(candidate => candidate.step === name)
}

/** Every operation the roll itself ran, as [start, end] in ms, worked out from the steps alone. */
function serviceOperations(addons: RollAddon[]): Array<[number, number]> {
  const operations: Array<[number, number]> = []
  for (const addon of addons) {
    const replaced = stepOf(addon, 'standby_replaced')
    if (replaced) operations.push([instant(replaced.at).minus({minutes: STANDBY_REPLACEMENT_MINUTES}).toMillis(), instant(replaced.at).toMillis()])
    const started = stepOf(addon, 'started')
    const completed = stepOf(addon, 'completed')
    if (started?.by === 'service' && completed) operations.push([instant(started.at).toMillis(), instant(completed.at).toMillis()])
  }

  return operations
}

function mostAtOnce(operations: Array<[number, number]>): number {
  const edges = operations.flatMap(([start, end]) => [[start, 1], [end, -1]] as const).sort((left, right) => left[0] - right[0] || left[1] - right[1])
  let running = 0
  let most = 0
  for (const [, change] of edges) {
    running += change
    most = Math.max(most, running)
  }

  return most
}

async function runToEnd(box: TestSandbox, id: string, step = 'PT6H', limit = 400): Promise<Json> {
  for (let i = 0; i < limit; i++) {
    const roll = (await box.get(`/__sandbox/rolls/${id}`)).body
    if (roll.status === 'completed') return roll
    await box.advance(step)
  }

  throw new Error('the roll did not complete')
}

function expectedSteps(addon: RollAddon): string[] {
  return addon.ha ? ['standby_replaced', 'scheduled', 'notified', 'started', 'completed'] : ['started', 'completed']
}

async function startRollToMaintaining(box: TestSandbox): Promise<string> {
  const {body} = await box.post('/__sandbox/rolls', {image: 'img-2', concurrency: 2, on_call: ON_CALL})
  for (let i = 0; i < 20 && (await box.get(`/__sandbox/rolls/${body.id}`)).body.status !== 'maintaining'; i++) await box.advance('PT1H')
  return body.id
}

describe('sandbox fleet roll', () => {
  let box: TestSandbox

  describe('a fleet of 40 apps (80 add-ons) rolled to the end', () => {
    let roll: Json
    let addons: RollAddon[]
    let windows: Map<string, null | WeeklyWindow>
    const owned = 'redis-fleet-006'

    before(async function () {
      this.timeout(120_000)
      box = await startTestSandbox({seed: 'fleet:40'})
      const state = (await box.get('/__sandbox/state')).body
      windows = new Map(state.addons.map((addon: Json) => [addon.name, addon.window]))
      const created = await box.post('/__sandbox/rolls', {image: 'kv-7.2.5-patched', concurrency: CONCURRENCY, on_call: ON_CALL})
      expect(created.status).to.equal(201)
      // Let the standbys be replaced and the maintenances scheduled, then the owner of one app runs its own early.
      let current = (await box.get(`/__sandbox/rolls/${created.body.id}`)).body
      while (current.status === 'replacing_standbys') {
        await box.advance('PT1H')
        current = (await box.get(`/__sandbox/rolls/${created.body.id}`)).body
      }

      expect(current.status).to.equal('maintaining')
      const early = await box.post(`/data/maintenances/v1/${owned}/run`)
      expect(early.status, JSON.stringify(early.body)).to.equal(200)
      roll = await runToEnd(box, created.body.id)
      addons = roll.addons
    })

    after(async () => {
      await box.stop()
    })

    it('answers the roll in the documented shape', () => {
      expect(roll).to.include({image: 'kv-7.2.5-patched', status: 'completed', operations_outside_on_call: 0})
      expect(roll.paged).to.deep.equal([])
      expect(addons).to.have.length(80)
      expect(Object.keys(addons[0]).sort()).to.deep.equal(['app', 'ha', 'name', 'plan', 'ran_by', 'steps'])
      expect(addons.filter(addon => !addon.ha).map(addon => addon.plan)).to.deep.equal(Array.from({length: 6}, () => 'heroku-redis:mini'))
      for (const addon of addons) expect(addon.steps.map(entry => entry.step), addon.name).to.deep.equal(expectedSteps(addon))
    })

    it('replaces every standby before it schedules any maintenance', () => {
      const lastReplaced = Math.max(...addons.filter(addon => addon.ha).map(addon => instant(stepOf(addon, 'standby_replaced')!.at).toMillis()))
      const firstScheduled = Math.min(...addons.filter(addon => addon.ha).map(addon => instant(stepOf(addon, 'scheduled')!.at).toMillis()))
      expect(firstScheduled).to.be.at.least(lastReplaced)
    })

    it('gives at least 3 business days of notice', () => {
      for (const addon of addons.filter(candidate => candidate.ha)) {
        // An announced maintenance the roll adopted had its notice from its announcement.
        const scheduled = stepOf(addon, 'scheduled')!
        const notified = instant(scheduled.announced_at ?? stepOf(addon, 'notified')!.at)
        expect(instant(scheduled.scheduled_for).toMillis(), addon.name).to.be.at.least(addBusinessDays(notified, 3).toMillis())
      }
    })

    it('keeps each add-on\'s window: scheduled and service-run maintenances start inside it', () => {
      for (const addon of addons.filter(candidate => candidate.ha)) {
        const window = windows.get(addon.name) ?? null
        expect(window, addon.name).to.not.equal(null)
        expect(isInWindow(window, instant(stepOf(addon, 'scheduled')!.scheduled_for)), addon.name).to.equal(true)
        if (addon.ran_by === 'service') expect(isInWindow(window, instant(stepOf(addon, 'started')!.at)), addon.name).to.equal(true)
      }
    })

    it('never passes required_by', () => {
      for (const addon of addons.filter(candidate => candidate.ha)) {
        const scheduled = stepOf(addon, 'scheduled')!
        expect(instant(scheduled.scheduled_for).toMillis(), addon.name).to.be.at.most(instant(scheduled.required_by).toMillis())
        expect(instant(stepOf(addon, 'started')!.at).toMillis(), addon.name).to.be.at.most(instant(scheduled.required_by).toMillis())
      }

      expect(instant(roll.completed_at).toMillis()).to.be.at.most(instant(roll.required_by).toMillis())
    })

    it('never runs more than the concurrency at once (and uses it)', () => {
      expect(roll.max_concurrency_seen).to.equal(CONCURRENCY)
      expect(mostAtOnce(serviceOperations(addons))).to.equal(CONCURRENCY)
    })

    it('starts no operation outside the operator\'s hours', () => {
      expect(roll.operations_outside_on_call).to.equal(0)
      for (const [start] of serviceOperations(addons)) expect(isOnCall(ON_CALL_HOURS, DateTime.fromMillis(start, {zone: 'utc'})), new Date(start).toISOString()).to.equal(true)
    })

    it('replaces the plans without a standby only after every HA add-on is done', () => {
      const lastHa = Math.max(...addons.filter(addon => addon.ha).map(addon => instant(stepOf(addon, 'completed')!.at).toMillis()))
      for (const addon of addons.filter(candidate => !candidate.ha)) {
        expect(instant(stepOf(addon, 'started')!.at).toMillis(), addon.name).to.be.at.least(lastHa)
        expect(addon.ran_by).to.equal('service')
      }
    })

    it('records who ran each maintenance: the owner who ran early, the service for the rest', () => {
      const byOwner = addons.filter(addon => addon.ran_by === 'owner').map(addon => addon.name)
      expect(byOwner).to.deep.equal([owned])
      expect(stepOf(addons.find(addon => addon.name === owned)!, 'started')!.by).to.equal('owner')
      expect(addons.filter(addon => addon.ran_by === 'service')).to.have.length(79)
    })

    it('tells each app\'s owner when the maintenance is scheduled and when it is completed', async () => {
      const log = (await box.get('/__sandbox/notifications?app=fleet-app-005')).body
      const pairs = log.map((entry: Json) => `${entry.addon} ${entry.kind}`)
      expect([...pairs].sort()).to.deep.equal([
        'postgresql-fleet-005 maintenance_completed',
        'postgresql-fleet-005 maintenance_scheduled',
        'redis-fleet-005 maintenance_completed',
        'redis-fleet-005 maintenance_scheduled',
      ])
      for (const name of ['redis-fleet-005', 'postgresql-fleet-005']) {
        expect(pairs.indexOf(`${name} maintenance_scheduled`), name).to.be.below(pairs.indexOf(`${name} maintenance_completed`))
      }

      const scheduled = log.find((entry: Json) => entry.addon === 'redis-fleet-005' && entry.kind === 'maintenance_scheduled')
      expect(scheduled.message).to.match(/^Maintenance of redis-fleet-005 is scheduled for \S+ \(required by \S+\): its server moves to image kv-7\.2\.5-patched\./)
      expect(scheduled).to.include({app: 'fleet-app-005'})
      expect(scheduled.scheduled_for).to.match(/^2026-/)
      expect((await box.get('/__sandbox/notifications?app=nope')).status).to.equal(404)
      expect((await box.get('/__sandbox/notifications')).body).to.deep.equal({id: 'bad_request', message: 'Name the app: GET /__sandbox/notifications?app=APP.'})
    })

    it('leaves the roll\'s maintenance in the add-on\'s Data API history', async () => {
      const info = (await box.get('/data/maintenances/v1/postgresql-fleet-005')).body
      expect(info.status).to.equal('completed')
      const history = (await box.get('/data/maintenances/v1/postgresql-fleet-005/history')).body.maintenances
      expect(history[0].completed_at).to.equal(stepOf(addons.find(addon => addon.name === 'postgresql-fleet-005')!, 'completed')!.at)
    })
  })

  describe('scheduling a fleet of 300 apps (more HA add-ons than one batch)', () => {
    before(async function () {
      this.timeout(60_000)
      box = await startTestSandbox({seed: 'fleet:300'})
    })

    after(async () => {
      await box.stop()
    })

    it('is a phase of its own between replacing the standbys and maintaining, one batch a simulated minute', async function () {
      this.timeout(60_000)
      const {body} = await box.post('/__sandbox/rolls', {image: 'img-2', concurrency: 50, on_call: ON_CALL})
      const read = async (): Promise<Json> => (await box.get(`/__sandbox/rolls/${body.id}`)).body
      // The operator's first shift starts at 09:00 in Los Angeles; each round of standby replacements takes 20 minutes.
      await box.call('POST', '/__sandbox/clock', {set: '2026-11-23T17:00:00Z'})
      let roll = await read()
      for (let round = 0; round < 30 && roll.status === 'replacing_standbys'; round++) {
        await box.advance(`PT${STANDBY_REPLACEMENT_MINUTES}M`)
        roll = await read()
      }

      expect(roll.status).to.equal('scheduling')
      const ha: RollAddon[] = roll.addons.filter((addon: RollAddon) => addon.ha)
      expect(ha.length).to.be.above(SCHEDULING_BATCH)
      expect(ha.length).to.be.below(2 * SCHEDULING_BATCH)
      const lastReplaced = Math.max(...ha.map(addon => instant(stepOf(addon, 'standby_replaced')!.at).toMillis()))
      expect(instant((await box.get('/__sandbox/clock')).body.now).toMillis()).to.equal(lastReplaced)
      expect(ha.filter(addon => stepOf(addon, 'scheduled'))).to.deep.equal([])
      expect((await box.get('/__sandbox/notifications?app=fleet-app-001')).body).to.deep.equal([])

      // A minute on, the first batch is scheduled and notified; the rest wait for the next one.
      await box.advance('PT1M')
      roll = await read()
      expect(roll.status).to.equal('scheduling')
      const firstBatch = roll.addons.filter((addon: RollAddon) => addon.ha && stepOf(addon, 'notified'))
      expect(firstBatch).to.have.length(SCHEDULING_BATCH)
      expect(firstBatch.map((addon: RollAddon) => addon.name)).to.deep.equal(ha.slice(0, SCHEDULING_BATCH).map(addon => addon.name))
      for (const addon of firstBatch) expect(instant(stepOf(addon, 'notified')!.at).toMillis(), addon.name).to.equal(lastReplaced + 60_000)
      expect((await box.get('/__sandbox/notifications?app=fleet-app-001')).body.map((entry: Json) => entry.kind)).to.deep.equal(['maintenance_scheduled', 'maintenance_scheduled'])

      await box.advance('PT1M')
      roll = await read()
      expect(roll.status).to.equal('maintaining')
      for (const addon of roll.addons.filter((candidate: RollAddon) => candidate.ha).slice(SCHEDULING_BATCH)) {
        const notified = instant(stepOf(addon, 'notified')!.at)
        expect(notified.toMillis(), addon.name).to.equal(lastReplaced + 2 * 60_000)
        // The notice runs from the notification, not from the end of the standby replacements.
        expect(instant(stepOf(addon, 'scheduled')!.scheduled_for).toMillis(), addon.name).to.be.at.least(addBusinessDays(notified, 3).toMillis())
      }
    })
  })

  describe('a standby that lags behind its primary', () => {
    beforeEach(async () => {
      box = await startTestSandbox({seed: 'demo'})
    })

    afterEach(async () => {
      await box.stop()
    })

    it('is never promoted: at its time the service waits, then pages the operator and holds the add-on', async () => {
      const id = await startRollToMaintaining(box)
      const lively = (await box.get('/__sandbox/rolls/' + id)).body.addons.find((addon: Json) => addon.name === 'redis-lively-12345')
      const scheduledFor = instant(stepOf(lively, 'scheduled')!.scheduled_for)
      expect((await box.post('/__sandbox/addons/redis-lively-12345/replication', {lagging: true})).status).to.equal(200)
      const before = (await box.get('/apps/example-app/config-vars')).body.REDIS_URL
      await box.call('POST', '/__sandbox/clock', {set: scheduledFor.plus({minutes: 29}).toISO()})
      let roll = (await box.get(`/__sandbox/rolls/${id}`)).body
      expect(roll.paged).to.deep.equal([])
      expect((await box.get('/data/maintenances/v1/redis-lively-12345')).body.status).to.equal('ready')

      await box.advance('PT1M')
      roll = (await box.get(`/__sandbox/rolls/${id}`)).body
      expect(roll.paged).to.deep.equal([{at: scheduledFor.plus({minutes: 30}).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"), addon: 'redis-lively-12345', app: 'example-app', reason: 'standby_lagging'}])
      const held = roll.addons.find((addon: Json) => addon.name === 'redis-lively-12345')
      expect(held.steps.map((entry: RollStep) => entry.step)).to.deep.equal(['standby_replaced', 'scheduled', 'notified', 'held'])
      expect(held.ran_by).to.equal(null)
      roll = await runToEnd(box, id)
      expect(roll.addons.find((addon: Json) => addon.name === 'redis-lively-12345').steps.at(-1).step).to.equal('held')
      expect((await box.get('/apps/example-app/config-vars')).body.REDIS_URL).to.equal(before)
      expect((await box.get('/data/maintenances/v1/redis-lively-12345')).body.status).to.equal('ready')
    })

    it('is started once it catches up within the bound, without a page', async () => {
      const id = await startRollToMaintaining(box)
      const lively = (await box.get('/__sandbox/rolls/' + id)).body.addons.find((addon: Json) => addon.name === 'redis-lively-12345')
      const scheduledFor = instant(stepOf(lively, 'scheduled')!.scheduled_for)
      await box.post('/__sandbox/addons/redis-lively-12345/replication', {lagging: true})
      await box.call('POST', '/__sandbox/clock', {set: scheduledFor.plus({minutes: 10}).toISO()})
      await box.post('/__sandbox/addons/redis-lively-12345/replication', {lagging: false})
      const roll = await runToEnd(box, id)
      expect(roll.paged).to.deep.equal([])
      const started = stepOf(roll.addons.find((addon: Json) => addon.name === 'redis-lively-12345'), 'started')!
      expect(started).to.deep.equal({step: 'started', at: scheduledFor.plus({minutes: 10}).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"), by: 'service'})
    })

    it('fails an owner\'s run at the sync step instead of promoting it', async () => {
      await box.post('/__sandbox/addons/redis-lively-12345/replication', {lagging: true})
      const before = (await box.get('/apps/example-app/config-vars')).body.REDIS_URL
      expect((await box.post('/data/maintenances/v1/redis-lively-12345/run')).status).to.equal(200)
      await box.advance('PT5M')
      const maintenance = (await box.get('/data/maintenances/v1/redis-lively-12345')).body
      expect(maintenance.status).to.equal('failed')
      expect((await box.get('/apps/example-app/config-vars')).body.REDIS_URL).to.equal(before)
    })
  })

  describe('the admin interface', () => {
    beforeEach(async () => {
      box = await startTestSandbox({seed: 'demo'})
    })

    afterEach(async () => {
      await box.stop()
    })

    it('refuses a bad roll in one line and starts nothing', async () => {
      const good = {image: 'img-2', concurrency: 2, on_call: ON_CALL}
      const cases: Array<[unknown, number, string]> = [
        ['[]', 400, 'The request body must be a JSON object.'],
        [{...good, image: ''}, 422, 'image must name the server image (letters, digits, . _ : / @ -), not "".'],
        [{...good, concurrency: 0}, 422, 'concurrency must be a whole number from 1 to 100000, not 0.'],
        [{...good, concurrency: 2.5}, 422, 'concurrency must be a whole number from 1 to 100000, not 2.5.'],
        [{...good, on_call: {...ON_CALL, zone: 'Nowhere/Land'}}, 422, 'on_call.zone must be an IANA time zone such as America/Los_Angeles, not "Nowhere/Land".'],
        [{...good, on_call: {...ON_CALL, end: '08:00'}}, 422, 'on_call.end (08:00) must be after on_call.start (09:00) on the same day.'],
        [{...good, required_by: '2026-11-01T00:00:00Z'}, 422, 'required_by (2026-11-01T00:00:00.000+00:00) must be after the sandbox\'s clock (2026-11-23T12:00:00.000+00:00).'],
        [{...good, speed: 3}, 400, 'Unknown field "speed": a roll takes image, concurrency, on_call and required_by.'],
      ]
      for (const [body, status, message] of cases) {
        const answer = await box.post('/__sandbox/rolls', body)
        expect(answer.status, JSON.stringify(body)).to.equal(status)
        expect(answer.body.message).to.equal(message)
        expect(message).to.not.include('\n')
      }

      expect((await box.get('/__sandbox/rolls')).body).to.deep.equal([])
      expect((await box.get('/__sandbox/notifications?app=example-app')).body).to.deep.equal([])
      expect((await box.get('/__sandbox/rolls/nope')).status).to.equal(404)
    })

    it('runs one roll at a time and keeps it across a restart', async () => {
      const first = await box.post('/__sandbox/rolls', {image: 'img-2', concurrency: 2, on_call: ON_CALL})
      const second = await box.post('/__sandbox/rolls', {image: 'img-3', concurrency: 2, on_call: ON_CALL})
      expect(second.status).to.equal(409)
      expect(second.body.message).to.equal(`Roll ${first.body.id} (image img-2) is still replacing_standbys; one roll at a time.`)
      await box.advance('PT6H')
      const before = (await box.get(`/__sandbox/rolls/${first.body.id}`)).body
      expect(before.status).to.equal('maintaining')
      await box.sandbox.close()
      box = await startTestSandbox({}, box.directory)
      expect((await box.get(`/__sandbox/rolls/${first.body.id}`)).body).to.deep.equal(before)
      const done = await runToEnd(box, first.body.id)
      expect(done.addons.every((addon: RollAddon) => addon.steps.at(-1)?.step === 'completed')).to.equal(true)
    })

    it('adopts an announced maintenance too close to its required_by for a new notice, at its own time', async () => {
      await box.call('POST', '/__sandbox/clock', {set: '2026-11-30T12:00:00Z'})
      const routine = (await box.get('/data/maintenances/v1/postgresql-shaped-67890')).body
      expect(routine).to.include({status: 'ready', required_by: '2026-12-05T09:00:00.000+00:00'})
      const {body} = await box.post('/__sandbox/rolls', {image: 'img-2', concurrency: 2, on_call: ON_CALL})
      const roll = await runToEnd(box, body.id)
      const shaped = roll.addons.find((addon: Json) => addon.name === 'postgresql-shaped-67890')
      const scheduled = stepOf(shaped, 'scheduled')!
      expect(scheduled.scheduled_for).to.equal(routine.scheduled_for)
      expect(instant(scheduled.announced_at).toMillis()).to.be.below(instant('2026-11-30T12:00:00Z').toMillis())
      expect(stepOf(shaped, 'started')).to.deep.equal({step: 'started', at: routine.scheduled_for, by: 'service'})
      expect(roll.paged).to.deep.equal([])
    })

    it('advances by itself on the real clock (with --speed)', async function () {
      this.timeout(60_000)
      await box.stop()
      box = await startTestSandbox({clock: 'real', speed: 1_000_000, now: '2026-11-23T12:00:00Z', seed: 'demo'})
      const {body} = await box.post('/__sandbox/rolls', {image: 'img-2', concurrency: 2, on_call: ON_CALL})
      let roll: Json
      for (let i = 0; i < 300; i++) {
        roll = (await box.get(`/__sandbox/rolls/${body.id}`)).body
        if (roll.status === 'completed') break
        await new Promise(resolve => {
          setTimeout(resolve, 100)
        })
      }

      expect(roll.status).to.equal('completed')
      expect(roll.operations_outside_on_call).to.equal(0)
      expect(roll.addons.filter((addon: RollAddon) => addon.ran_by === 'service')).to.have.length(4)
    })
  })
})

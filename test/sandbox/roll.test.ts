import {expect} from 'chai'
import {DateTime} from 'luxon'

import {instant} from '../../src/sandbox/clock.js'
import {isInWindow, isOnCall, type OnCallHours, STANDBY_REPLACEMENT_MINUTES} from '../../src/sandbox/roll-rules.js'
import {addBusinessDays, type WeeklyWindow} from '../../src/sandbox/rules.js'
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
      for (const addon of addons) expect(addon.steps.map(entry => entry.step), addon.name).to.deep.equal(addon.ha ? ['standby_replaced', 'scheduled', 'notified', 'started', 'completed'] : ['started', 'completed'])
    })

    it('replaces every standby before it schedules any maintenance', () => {
      const lastReplaced = Math.max(...addons.filter(addon => addon.ha).map(addon => instant(stepOf(addon, 'standby_replaced')!.at).toMillis()))
      const firstScheduled = Math.min(...addons.filter(addon => addon.ha).map(addon => instant(stepOf(addon, 'scheduled')!.at).toMillis()))
      expect(firstScheduled).to.be.at.least(lastReplaced)
    })

    it('gives at least 3 business days of notice', () => {
      for (const addon of addons.filter(candidate => candidate.ha)) {
        const notified = instant(stepOf(addon, 'notified')!.at)
        expect(instant(stepOf(addon, 'scheduled')!.scheduled_for).toMillis(), addon.name).to.be.at.least(addBusinessDays(notified, 3).toMillis())
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
})

import {expect} from 'chai'
import {formatInstant, instant} from 'heroku-data-maintenance-sandbox/clock'
import {addBusinessDays} from 'heroku-data-maintenance-sandbox/rules'
import {DateTime} from 'luxon'

import {startTestSandbox, type TestSandbox} from './helpers.js'

const LIVELY = '/data/maintenances/v1/redis-lively-12345'

function infoRows(body: {info: Array<{name: string; values: string[]}>}): Record<string, string[]> {
  return Object.fromEntries(body.info.map(row => [row.name, row.values]))
}

describe('sandbox lifecycle over the simulated clock', () => {
  let box: TestSandbox

  beforeEach(async () => {
    box = await startTestSandbox()
  })

  afterEach(async () => {
    await box.stop()
  })

  it('runs a maintenance step by step: in sync, promote, config var and release, new standby', async () => {
    const before = (await box.get('/apps/example-app/config-vars')).body.REDIS_URL
    const releasesBefore = (await box.get('/apps/example-app/releases')).body.length

    const started = await box.post(`${LIVELY}/run`)
    expect(started.status).to.equal(200)
    expect(started.body).to.include({status: 'running', started_at: '2026-11-23T12:00:00.000+00:00', completed_at: null})
    expect(infoRows((await box.get('/redis/v0/databases/redis-lively-12345')).body).Status).to.deep.equal(['available (maintenance running)'])

    const again = await box.post(`${LIVELY}/run`)
    expect(again.status).to.equal(422)
    expect(again.body).to.deep.equal({id: 'invalid_params', message: 'Maintenance for redis-lively-12345 is already running.'})

    await box.advance('PT50S')
    expect((await box.get(LIVELY)).body.status).to.equal('running')
    expect((await box.get('/apps/example-app/config-vars')).body.REDIS_URL).to.equal(before)

    await box.advance('PT30S')
    const after = (await box.get('/apps/example-app/config-vars')).body.REDIS_URL
    expect(after).to.not.equal(before)
    expect(after).to.match(/^redis:\/\/h:p[\da-f]+@127\.0\.0\.1:\d+$/)
    const releases = (await box.get('/apps/example-app/releases')).body
    expect(releases).to.have.length(releasesBefore + 1)
    expect(releases.at(-1)).to.include({description: 'Update REDIS by heroku-redis', created_at: '2026-11-23T12:01:14.000+00:00', current: true})
    expect((await box.get(LIVELY)).body.status).to.equal('running')

    await box.advance('PT2M')
    const done = (await box.get(LIVELY)).body
    expect(done).to.include({
      status: 'completed',
      started_at: '2026-11-23T12:00:00.000+00:00',
      completed_at: '2026-11-23T12:03:06.000+00:00',
      duration_seconds: '186',
    })
    const history = (await box.get(`${LIVELY}/history/?limit=20`)).body.maintenances
    expect(history).to.have.length(4)
    expect(history[0]).to.deep.equal(done)

    const rows = infoRows((await box.get('/redis/v0/databases/redis-lively-12345')).body)
    expect(rows.Maintenance).to.deep.equal(['not required'])
    expect(rows.Status).to.deep.equal(['available'])
    expect((await box.get(`${LIVELY}/window`)).body.scheduled_at).to.equal(null)

    const nothing = await box.post(`${LIVELY}/run`)
    expect(nothing.status).to.equal(422)
    expect(nothing.body.message).to.equal('redis-lively-12345 has no maintenance to run.')
  })

  it('requires the next maintenance 90 days after the completed one and announces it 14 days ahead', async () => {
    await box.post(`${LIVELY}/run`)
    await box.advance('PT5M')
    const completedAt = instant((await box.get(LIVELY)).body.completed_at)

    await box.call('POST', '/__sandbox/clock', {set: formatInstant(completedAt.plus({days: 76}).minus({minutes: 1}))})
    expect((await box.get(LIVELY)).body.status).to.equal('completed')

    await box.advance('PT2M')
    const next = (await box.get(LIVELY)).body
    expect(next.status).to.equal('pending')
    expect(next.required_by).to.equal(formatInstant(completedAt.plus({days: 90})))
    expect(next.server_created_at).to.equal(formatInstant(completedAt))
    expect(next.previously_scheduled_for).to.equal(null)
    expect(infoRows((await box.get('/redis/v0/databases/redis-lively-12345')).body).Maintenance)
    .to.deep.equal([`required by ${completedAt.plus({days: 90}).toFormat('yyyy-MM-dd HH:mm:ss')} +0000`])
  })

  it('announces a maintenance for a new server: pending, preparing, then ready, scheduled with 3 business days of notice', async () => {
    const serverCreatedAt = instant((await box.get('/data/maintenances/v1/postgresql-curved-12345')).body.server_created_at)
    const required = serverCreatedAt.plus({days: 90})
    const announced = required.minus({days: 14})

    await box.call('POST', '/__sandbox/clock', {set: formatInstant(announced.minus({seconds: 1}))})
    expect((await box.get('/data/maintenances/v1/postgresql-curved-12345')).body.status).to.equal('none')
    await box.advance('PT1M')
    const pending = (await box.get('/data/maintenances/v1/postgresql-curved-12345')).body
    expect(pending.status).to.equal('pending')
    expect(pending.required_by).to.equal(formatInstant(required))
    const scheduled = instant(pending.scheduled_for)
    expect(scheduled >= addBusinessDays(announced, 3)).to.equal(true)
    expect(scheduled.diff(addBusinessDays(announced, 3), 'days').days).to.be.below(7)
    expect(scheduled <= required).to.equal(true)
    expect(formatInstant(scheduled)).to.match(/T(18|19|20|21|22|23):(00|30):00\.000\+00:00$/)
    expect(pending.window).to.equal(pending.addon.window)

    await box.advance('PT45M')
    expect((await box.get('/data/maintenances/v1/postgresql-curved-12345')).body.status).to.equal('preparing')
    await box.advance('PT2H')
    expect((await box.get('/data/maintenances/v1/postgresql-curved-12345')).body.status).to.equal('ready')
  })

  it('starts a ready maintenance by itself when the clock passes scheduled_for', async () => {
    await box.call('POST', '/__sandbox/clock', {set: '2026-11-27T17:59:59Z'})
    expect((await box.get(LIVELY)).body.status).to.equal('ready')

    await box.call('POST', '/__sandbox/clock', {set: '2026-11-27T18:01:00Z'})
    const running = (await box.get(LIVELY)).body
    expect(running).to.include({status: 'running', started_at: '2026-11-27T18:00:00.000+00:00'})

    await box.advance('PT1H')
    const done = (await box.get(LIVELY)).body
    expect(done).to.include({status: 'completed', completed_at: '2026-11-27T18:03:06.000+00:00', duration_seconds: '186'})
  })

  it('maintains every add-on by itself over a long jump, mini plans at required_by', async () => {
    const tinyServer = instant((await box.get('/data/maintenances/v1/redis-tiny-54321')).body.server_created_at)
    const cacheBefore = (await box.get('/apps/example-app/config-vars')).body.CACHE_URL

    await box.advance('P60D')

    const tinyHistory = (await box.get('/data/maintenances/v1/redis-tiny-54321/history/')).body.maintenances
    expect(tinyHistory).to.have.length(1)
    expect(tinyHistory[0].scheduled_for).to.equal(formatInstant(tinyServer.plus({days: 90})))
    expect(tinyHistory[0].started_at).to.equal(tinyHistory[0].scheduled_for)
    expect(tinyHistory[0].window).to.equal(null)
    expect((await box.get('/apps/example-app/config-vars')).body.CACHE_URL).to.not.equal(cacheBefore)
    expect((await box.get(`${LIVELY}/history/`)).body.maintenances).to.have.length(4)
    expect((await box.get('/data/maintenances/v1/postgresql-shaped-67890/history/')).body.maintenances).to.have.length(1)
    expect((await box.get('/apps/staging-app/releases')).body.at(-1).description).to.equal('Update DATABASE by heroku-postgresql')
    expect((await box.get('/__sandbox/clock')).body.now).to.equal('2027-01-22T12:00:00.000+00:00')
  })

  it('refuses run and window updates on plans that do not allow them, naming the plan', async () => {
    const run = await box.post('/data/maintenances/v1/redis-tiny-54321/run')
    expect(run.status).to.equal(422)
    expect(run.body.id).to.equal('invalid_params')
    expect(run.body.message).to.contain('heroku-redis:mini')
    const window = await box.post('/data/maintenances/v1/redis-tiny-54321/window', {day_of_week: 'sunday', time_of_day: '14:30'})
    expect(window.status).to.equal(422)
    expect(window.body.message).to.contain('heroku-redis:mini')
    expect((await box.get('/data/maintenances/v1/redis-tiny-54321/window')).body.window).to.equal(null)
  })

  it('refuses to reschedule an announced maintenance on a plan without windows, naming the plan', async () => {
    // The mini add-on's server is 35 days old: 45 days on, its maintenance is announced (for required_by) and ready.
    await box.advance('P45D')
    const before = (await box.get('/data/maintenances/v1/redis-tiny-54321')).body
    expect(before.status).to.equal('ready')
    const schedule = await box.post('/data/maintenances/v1/redis-tiny-54321/schedule', {delay_weeks: '-1'})
    expect(schedule.status).to.equal(422)
    expect(schedule.body.id).to.equal('invalid_params')
    expect(schedule.body.message).to.contain('heroku-redis:mini')
    expect((await box.get('/data/maintenances/v1/redis-tiny-54321')).body.scheduled_for).to.equal(before.scheduled_for)
  })

  it('refuses to run when there is no maintenance yet', async () => {
    const answer = await box.post('/data/maintenances/v1/postgresql-curved-12345/run')
    expect(answer.status).to.equal(422)
    expect(answer.body.message).to.equal('postgresql-curved-12345 has no maintenance to run.')
    const schedule = await box.post('/data/maintenances/v1/postgresql-curved-12345/schedule', {delay_weeks: '1'})
    expect(schedule.status).to.equal(422)
  })

  it('updates a window (standard Postgres may) and records the previous one', async () => {
    const before = (await box.get('/data/maintenances/v1/postgresql-curved-12345/window')).body.window
    const answer = await box.post('/data/maintenances/v1/postgresql-curved-12345/window', {day_of_week: 'Sunday', time_of_day: '1:30PM'})
    expect(answer.status).to.equal(200)
    expect(answer.body).to.deep.equal({window: 'Sundays 13:30 to 17:30 UTC', previous_window: before, scheduled_at: null, previously_scheduled_at: null})
  })

  it('reschedules a ready maintenance into the new window with the same notice rule', async () => {
    // Monday noon: the earliest start is Thursday noon, so the Tuesday window this week is too soon.
    const answer = await box.post(`${LIVELY}/window`, {day_of_week: 'tuesday', time_of_day: '18:00'})
    expect(answer.body).to.deep.equal({
      window: 'Tuesdays 18:00 to 22:00 UTC',
      previous_window: 'Fridays 18:00 to 22:00 UTC',
      scheduled_at: '2026-12-01T18:00:00.000+00:00',
      previously_scheduled_at: '2026-11-27T18:00:00.000+00:00',
    })
    const maintenance = (await box.get(LIVELY)).body
    expect(maintenance).to.include({
      scheduled_for: '2026-12-01T18:00:00.000+00:00',
      previously_scheduled_for: '2026-11-27T18:00:00.000+00:00',
      window: 'Tuesdays 18:00 to 22:00 UTC',
    })
    expect(maintenance.addon.window).to.equal('Tuesdays 18:00 to 22:00 UTC')
  })

  it('falls back to required_by when the new window has no start in time', async () => {
    await box.post(`${LIVELY}/window`, {day_of_week: 'monday', time_of_day: '18:00'})
    await box.call('POST', '/__sandbox/clock', {set: '2026-11-30T12:00:00Z'})
    const answer = await box.post(`${LIVELY}/window`, {day_of_week: 'friday', time_of_day: '18:00'})
    expect(answer.body.scheduled_at).to.equal('2026-12-03T18:04:20.191+00:00')
    expect(answer.body.previously_scheduled_at).to.equal('2026-11-30T18:00:00.000+00:00')
  })

  it('moves the schedule by whole weeks, within now and required_by', async () => {
    await box.post(`${LIVELY}/window`, {day_of_week: 'monday', time_of_day: '18:00'})
    expect((await box.get(LIVELY)).body.scheduled_for).to.equal('2026-11-30T18:00:00.000+00:00')

    const earlier = await box.post(`${LIVELY}/schedule`, {delay_weeks: '-1'})
    expect(earlier.status).to.equal(200)
    expect(earlier.body).to.include({scheduled_for: '2026-11-23T18:00:00.000+00:00', previously_scheduled_for: '2026-11-30T18:00:00.000+00:00'})

    const later = await box.post(`${LIVELY}/schedule`, {delay_weeks: 1})
    expect(later.body).to.include({scheduled_for: '2026-11-30T18:00:00.000+00:00', previously_scheduled_for: '2026-11-23T18:00:00.000+00:00'})

    const tooLate = await box.post(`${LIVELY}/schedule`, {delay_weeks: '+1'})
    expect(tooLate.status).to.equal(422)
    expect(tooLate.body.message).to.contain('required by 2026-12-03T18:04:20.191+00:00')

    const past = await box.post(`${LIVELY}/schedule`, {delay_weeks: '-2'})
    expect(past.status).to.equal(422)
    expect(past.body.message).to.contain('in the past')

    expect((await box.get(LIVELY)).body).to.include({scheduled_for: '2026-11-30T18:00:00.000+00:00', previously_scheduled_for: '2026-11-23T18:00:00.000+00:00'})
  })

  it('keeps a running maintenance from being rescheduled; a window change then only changes the window', async () => {
    await box.post(`${LIVELY}/run`)
    expect((await box.post(`${LIVELY}/schedule`, {delay_weeks: '1'})).status).to.equal(422)
    const window = await box.post(`${LIVELY}/window`, {day_of_week: 'monday', time_of_day: '20:00'})
    expect(window.status).to.equal(200)
    expect((await box.get(LIVELY)).body).to.include({status: 'running', scheduled_for: '2026-11-27T18:00:00.000+00:00'})
  })

  it('validates admin clock requests and never goes back', async () => {
    expect((await box.call('POST', '/__sandbox/clock', {})).status).to.equal(400)
    expect((await box.call('POST', '/__sandbox/clock', {advance: 'PT1M', set: '2027-01-01T00:00:00Z'})).status).to.equal(400)
    expect((await box.call('POST', '/__sandbox/clock', {advance: 'ten minutes'})).status).to.equal(422)
    expect((await box.call('POST', '/__sandbox/clock', {set: 'tomorrow'})).status).to.equal(422)
    const back = await box.call('POST', '/__sandbox/clock', {set: '2026-01-01T00:00:00Z'})
    expect(back.status).to.equal(422)
    expect(back.body.message).to.contain('cannot go back')
    expect((await box.get('/__sandbox/clock')).body).to.deep.equal({now: '2026-11-23T12:00:00.000+00:00', mode: 'manual', speed: 1})
  })

  it('starts from the --now given', async () => {
    const other = await startTestSandbox({now: '2027-03-01T09:00:00Z'})
    try {
      expect((await other.get('/__sandbox/clock')).body.now).to.equal('2027-03-01T09:00:00.000+00:00')
      const maintenance = (await other.get(LIVELY)).body
      expect(maintenance.status).to.equal('ready')
      expect(DateTime.fromISO(maintenance.scheduled_for).toUTC().weekday).to.equal(5)
    } finally {
      await other.stop()
    }
  })
})

import {expect} from 'chai'
import {instant} from 'heroku-data-maintenance-sandbox/clock'
import {DateTime} from 'luxon'
import * as fs from 'node:fs'

import {startTestSandbox, type TestSandbox} from './helpers.js'

const LIVELY = '/data/maintenances/v1/redis-lively-12345'
const HALF_HOUR_MS = 30 * 60 * 1000
const TIME_FIELDS = ['required_by', 'scheduled_for', 'started_at', 'completed_at', 'server_created_at'] as const

const sleep = (ms: number) => new Promise(resolve => {
  setTimeout(resolve, ms)
})

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value

    await sleep(50)
  }
}

describe('sandbox real-time clock', () => {
  const boxes: TestSandbox[] = []
  const open = async (options: Parameters<typeof startTestSandbox>[0], directory?: string) => {
    const box = await startTestSandbox(options, directory)
    boxes.push(box)
    return box
  }

  afterEach(async () => {
    // Newest first, one by one: two of them may share a directory.

    for (const box of boxes.splice(0).reverse()) await box.stop()
  })

  it('follows the machine clock and lays the seeded world out around it, at the distances of the fixed world', async () => {
    const before = Date.now()
    const real = await open({clock: 'real'})
    const fixed = await open({clock: 'manual'})
    const realClock = instant((await real.get('/__sandbox/clock')).body.now)
    expect(realClock.toMillis()).to.be.within(before, Date.now())
    const fixedClock = instant((await fixed.get('/__sandbox/clock')).body.now)

    for (const app of ['example-app', 'staging-app']) {
      const realList = (await real.get(`/data/maintenances/v1/apps/${app}`)).body.maintenances
      const fixedList = (await fixed.get(`/data/maintenances/v1/apps/${app}`)).body.maintenances

      expect(realList.map((entry: {status: string}) => entry.status)).to.deep.equal(fixedList.map((entry: {status: string}) => entry.status))
      for (const [index, entry] of realList.entries()) {
        for (const field of TIME_FIELDS) {
          if (fixedList[index][field] === null) {
            expect(entry[field]).to.equal(null)
            continue
          }

          const realDistance = instant(entry[field]).toMillis() - realClock.toMillis()
          const fixedDistance = instant(fixedList[index][field]).toMillis() - fixedClock.toMillis()
          expect(fixedDistance - realDistance, `${app} ${field}`).to.be.within(-1000, HALF_HOUR_MS)
        }

        // Windows stay on round times, and a maintenance is still scheduled at the start of its window.
        if (entry.window) {
          expect(entry.window).to.match(/^\w+days \d\d:[03]0 to \d\d:[03]0 UTC$/)
          const start = /(\d\d:\d\d) to/.exec(entry.window)![1]
          if (entry.scheduled_for && entry.status !== 'completed') expect(instant(entry.scheduled_for).toFormat('HH:mm')).to.equal(start)
        }
      }
    }
  })

  it('takes a started maintenance through its steps by itself, a few seconds in all (compressed by the speed)', async () => {
    const box = await open({clock: 'real', speed: 10})
    const before = (await box.get('/apps/example-app/config-vars')).body.REDIS_URL
    const started = await box.post(`${LIVELY}/run`)
    expect(started.body.status).to.equal('running')
    const done = await until(async () => (await box.get(LIVELY)).body, body => body.status === 'completed', 5000)
    expect(done).to.include({status: 'completed', duration_seconds: '5'})
    expect(instant(done.completed_at).diff(instant(done.started_at)).as('seconds')).to.equal(5)
    expect((await box.get('/apps/example-app/config-vars')).body.REDIS_URL).to.not.equal(before)
    const releases = (await box.get('/apps/example-app/releases')).body
    expect(releases.at(-1)).to.include({description: 'Update REDIS by heroku-redis'})
  })

  it('starts a scheduled maintenance when its window opens, with nobody asking', async () => {
    const box = await open({clock: 'real'})
    const scheduled = instant((await box.get(LIVELY)).body.scheduled_for)
    await box.call('POST', '/__sandbox/clock', {set: scheduled.minus({milliseconds: 300}).toISO()})
    expect((await box.get(LIVELY)).body.status).to.equal('ready')
    // No request from here on: the sandbox acts by itself and saves what it did.
    const saved = await until(async () => JSON.parse(fs.readFileSync(box.stateFile, 'utf8')), state => state.addons[0].maintenance.status === 'running', 3000)
    expect(saved.addons[0].maintenance).to.include({status: 'running'})
    expect(saved.addons[0].maintenance.startedAt).to.equal((await box.get(LIVELY)).body.started_at)
    expect(instant(saved.addons[0].maintenance.startedAt).toMillis()).to.equal(scheduled.toMillis())
  })

  it('jumps ahead on POST /__sandbox/clock and runs on from there; never back', async () => {
    const box = await open({clock: 'real', speed: 1000})
    const target = DateTime.utc().plus({days: 2})
    const jumped = await box.call('POST', '/__sandbox/clock', {set: target.toISO()})
    expect(jumped.status).to.equal(200)
    await sleep(100)
    const later = instant((await box.get('/__sandbox/clock')).body.now)
    // 100 ms of machine time at 1000 times the speed: at least 100 s of simulated time.
    expect(later.diff(target).as('seconds')).to.be.above(99)
    const back = await box.call('POST', '/__sandbox/clock', {set: target.toISO()})
    expect(back.status).to.equal(422)
    expect((await box.get('/__sandbox/clock')).body).to.include({mode: 'real', speed: 1000})
  })

  it('resumes a saved world at the machine time, catching up on what fell due meanwhile', async () => {
    const first = await open({clock: 'manual'})
    await first.sandbox.close()
    // The manual world stood at 2026-11-23; in real time it wakes up now, and what was scheduled in between has run.
    const second = await open({clock: 'real'}, first.directory)
    const clock = instant((await second.get('/__sandbox/clock')).body.now)
    expect(Math.abs(clock.toMillis() - Date.now())).to.be.below(5000)
    expect(clock >= instant('2026-11-23T12:00:00Z')).to.equal(true)
    if (Date.now() > Date.parse('2026-11-28T00:00:00Z')) {
      const history = (await second.get(`${LIVELY}/history`)).body.maintenances
      expect(history[0]).to.include({status: 'completed', started_at: '2026-11-27T18:00:00.000+00:00'})
    }
  })
})

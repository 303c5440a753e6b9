import {expect} from 'chai'
import {instant, parseInstant} from 'heroku-data-maintenance-sandbox/clock'
import {advanceWorld} from 'heroku-data-maintenance-sandbox/lifecycle'
import {RedisFleet} from 'heroku-data-maintenance-sandbox/redis/fleet'
import {parseInfo, parseRedisUrl, RespClient} from 'heroku-data-maintenance-sandbox/redis/resp'
import {liveServerCount, liveServerOnPort, type RedisServerProcess} from 'heroku-data-maintenance-sandbox/redis/server-process'
import {createRoll, rollView} from 'heroku-data-maintenance-sandbox/roll'
import {buildSeed, SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'
import {saveStateFile} from 'heroku-data-maintenance-sandbox/state'
import {World} from 'heroku-data-maintenance-sandbox/world'
import {DateTime} from 'luxon'
import * as path from 'node:path'

import {redisServerOrSkip} from '../../helpers/redis-server.js'
import {type Json, startTestSandbox, temporaryDirectory, type TestSandbox} from '../helpers.js'

/** An add-on's steps as the admin API words them (the roll keeps them as a log of numbers). */
function stepsOf(roll: Parameters<typeof rollView>[0], name: string): Json[] {
  return (rollView(roll).addons as Array<{name: string; steps: Json[]}>).find(entry => entry.name === name)!.steps
}

const IMAGE = 'kv-7.2.5'
const ON_CALL = {zone: 'America/Los_Angeles', start: '09:00', end: '17:00'}
const LIVELY = 'redis-lively-12345'
const START = '2026-11-23T12:00:00Z'

const sleep = (ms: number) => new Promise<void>(resolve => {
  setTimeout(resolve, ms)
})

/** Polls (real time) until the condition holds: real work ends asynchronously. */
async function eventually<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, what: string, attempts = 400): Promise<T> {
  let value = await read()
  for (let i = 0; i < attempts && !accept(value); i++) {
    await sleep(25)
    value = await read()
  }

  if (!accept(value)) throw new Error(`gave up waiting for ${what}: last saw ${JSON.stringify(value)}`)
  return value
}

async function ask(port: number, password: string, command: string[]): Promise<unknown> {
  const client = await RespClient.connect({host: '127.0.0.1', port, password, user: 'default'})
  try {
    return await client.call(command)
  } finally {
    client.close()
  }
}

async function replicationOf(server: RedisServerProcess): Promise<Record<string, string>> {
  return parseInfo(await ask(server.port, server.password, ['INFO', 'replication']) as string)
}

/** The image a server was started from, as the server itself reports it. */
async function imageOf(port: number, password: string): Promise<null | string> {
  const [, template] = await ask(port, password, ['CONFIG', 'GET', 'proc-title-template']) as string[]
  return /image=(\S+)/.exec(template)?.[1] ?? null
}

async function redisUrl(box: TestSandbox): Promise<string> {
  return (await box.get('/apps/example-app/config-vars')).body.REDIS_URL
}

async function standbyPort(url: string): Promise<number> {
  const address = parseRedisUrl(url)
  const info = parseInfo(await ask(address.port, address.password!, ['INFO', 'replication']) as string)
  return Number(/port=(\d+)/.exec(info.slave0 ?? '')?.[1])
}

function entryOf(roll: Json, name = LIVELY): Json {
  return roll.addons.find((addon: Json) => addon.name === name)
}

function stepNames(roll: Json, name = LIVELY): string[] {
  return entryOf(roll, name).steps.map((step: Json) => step.step)
}

/** An app's writes through the roll: 1, 2, 3, … appended once the previous one was acknowledged, following REDIS_URL. */
function writeThrough(box: TestSandbox, key: string): {stop(): Promise<number>} {
  const control = {acked: 0, stopping: false}
  const running = (async () => {
    let client: RespClient | undefined
    while (!control.stopping) {
      try {
        client ??= await RespClient.connect({...parseRedisUrl(await redisUrl(box)), timeoutMs: 1000})
        await client.call(['RPUSH', key, control.acked + 1])
        control.acked++
        await sleep(2)
      } catch {
        client?.close()
        client = undefined
        await sleep(10)
      }
    }

    client?.close()
  })()
  return {
    async stop() {
      control.stopping = true
      // A write held by a paused primary may never be answered: what was acknowledged is what counts.
      await Promise.race([running, sleep(2000)])
      return control.acked
    },
  }
}

describe('sandbox redis: a fleet roll on real servers', function () {
  this.timeout(60_000)
  let serversBefore: number
  let warnings: string[]

  before(function () {
    redisServerOrSkip(this)
  })

  /** The demo world with real servers behind its Redis add-ons, moved on whenever they report a change (as the HTTP sandbox does). */
  async function demoWorldOnRealServers(): Promise<{fleet: RedisFleet; world: World}> {
    const world = new World(buildSeed('demo', parseInstant(START)!, 1))
    const fleet = (await RedisFleet.start(world, {}, {
      changed() {
        world.changed()
        advanceWorld(world, world.now())
      },
      warn: line => warnings.push(line),
    }))!
    return {fleet, world}
  }

  beforeEach(() => {
    serversBefore = liveServerCount()
    warnings = []
  })

  afterEach(() => {
    expect(liveServerCount(), 'a redis-server outlived the sandbox').to.equal(serversBefore)
  })

  it('records standby_replaced only once the new standby from the image has caught up, while the primary keeps serving', async () => {
    const {fleet, world} = await demoWorldOnRealServers()
    try {
      const servers = fleet.servers(SEED_IDS.redisLively)!
      const {primary} = servers
      const oldStandby = servers.replica!
      await ask(primary.port, primary.password, ['SET', 'kept', 'before the roll'])
      const onCall = {zone: ON_CALL.zone, startMinute: 9 * 60, endMinute: 17 * 60}
      createRoll(world, {concurrency: 3, image: IMAGE, onCall, requiredBy: world.now().plus({days: 35})})
      world.changed()
      // 09:00 in Los Angeles: the replacements start; three hours on, in the same tick, the new standby cannot have caught up yet.
      advanceWorld(world, instant('2026-11-23T17:00:00Z'))
      advanceWorld(world, instant('2026-11-23T20:00:00Z'))
      const roll = world.state.rolls[0]
      const lively = () => ({steps: stepsOf(roll, 'redis-lively-12345')})
      expect(lively().steps).to.deep.equal([])
      expect(roll.status).to.equal('replacing_standbys')
      // Meanwhile the primary takes writes.
      expect(await ask(primary.port, primary.password, ['SET', 'during', 'the replacement'])).to.equal('OK')

      await eventually(() => lively().steps.length, length => length > 0, 'standby_replaced')
      expect(lively().steps[0]).to.deep.equal({step: 'standby_replaced', at: '2026-11-23T20:00:00.000+00:00', image: IMAGE})
      expect(servers.primary).to.equal(primary)
      const standby = servers.replica!
      expect(standby.port).to.not.equal(oldStandby.port)
      expect(standby.image).to.equal(IMAGE)
      expect(oldStandby.running).to.equal(false)
      expect(fleet.processes()).to.have.length(2)
      expect(await replicationOf(standby)).to.include({role: 'slave', master_port: String(primary.port), master_link_status: 'up'})
      expect(await imageOf(standby.port, standby.password)).to.equal(IMAGE)
      expect(await ask(standby.port, standby.password, ['MGET', 'kept', 'during'])).to.deep.equal(['before the roll', 'the replacement'])
      // A Postgres add-on has no live servers: its replacement keeps the simulated 20 minutes.
      expect(stepsOf(roll, 'postgresql-curved-12345')[0]).to.deep.equal({step: 'standby_replaced', at: '2026-11-23T17:20:00.000+00:00', image: IMAGE})
      expect(warnings).to.deep.equal([])
    } finally {
      await fleet.stop()
    }
  })

  it('tries a replacement again while the add-on has no standby to replace (a run is building one), and says so', async () => {
    const {fleet, world} = await demoWorldOnRealServers()
    const servers = fleet.servers(SEED_IDS.redisLively)!
    const standby = servers.replica!
    try {
      // As between a run's promotion and its new standby.
      servers.replica = null
      createRoll(world, {concurrency: 3, image: IMAGE, onCall: {zone: ON_CALL.zone, startMinute: 9 * 60, endMinute: 17 * 60}, requiredBy: world.now().plus({days: 35})})
      world.changed()
      advanceWorld(world, instant('2026-11-23T17:30:00Z'))
      await eventually(() => warnings.length, count => count > 0, 'a warning')
      expect(warnings[0]).to.equal('replacing the standby of redis-lively-12345 failed (attempt 1, tried again): the add-on has no standby right now (a maintenance is building one)')
      expect(stepsOf(world.state.rolls[0], 'redis-lively-12345')).to.deep.equal([])
      servers.replica = standby
      await eventually(() => stepsOf(world.state.rolls[0], 'redis-lively-12345').length, length => length > 0, 'standby_replaced')
      expect(servers.replica).to.not.equal(standby)
      expect(standby.running).to.equal(false)
    } finally {
      servers.replica ??= standby
      await fleet.stop()
    }
  })

  describe('over the HTTP sandbox', () => {
    let box: TestSandbox | undefined

    afterEach(async () => {
      await box?.stop()
      box = undefined
    })

    it('rolls the live servers on the real clock (high --speed): the service fails over onto the new standby and no acknowledged write is lost', async () => {
      // The demo world as of the machine's time (its windows, Friday 18:00 UTC and the default ones, in the operator's hours), on the real clock.
      const directory = temporaryDirectory()
      saveStateFile(path.join(directory, 'state.json'), buildSeed('demo', DateTime.utc(), 1))
      box = await startTestSandbox({clock: 'real', redis: true, speed: 100_000, warn: line => warnings.push(line)}, directory)
      const firstUrl = await redisUrl(box)
      const writer = writeThrough(box, 'roll:log')
      const {id} = (await box.post('/__sandbox/rolls', {concurrency: 3, image: IMAGE, on_call: ON_CALL})).body
      const roll = () => box!.get(`/__sandbox/rolls/${id}`).then(answer => answer.body)

      // The add-on's own routine maintenance may come due meanwhile (runs and the replacement take turns on the servers).
      const replaced = await eventually(roll, current => stepNames(current).includes('standby_replaced'), 'standby_replaced')
      const currentUrl = await redisUrl(box)
      expect(await imageOf(await standbyPort(currentUrl), parseRedisUrl(currentUrl).password!)).to.equal(IMAGE)
      expect(stepNames(replaced)[0]).to.equal('standby_replaced')

      const done = await eventually(roll, current => current.status === 'completed', 'the roll to complete', 1600)
      const acked = await writer.stop()
      const finalUrl = await redisUrl(box)
      const final = parseRedisUrl(finalUrl)
      // The service ran it at its time: the new primary and its new standby both run the image.
      expect(stepNames(done)).to.deep.equal(['standby_replaced', 'scheduled', 'notified', 'started', 'completed'])
      expect(entryOf(done).steps[3]).to.include({by: 'service'})
      expect(entryOf(done).ran_by).to.equal('service')
      expect(final.port).to.not.equal(parseRedisUrl(firstUrl).port)
      expect(await imageOf(final.port, final.password!)).to.equal(IMAGE)
      expect(await imageOf(await standbyPort(finalUrl), final.password!)).to.equal(IMAGE)
      const values = (await ask(final.port, final.password!, ['LRANGE', 'roll:log', '0', '-1']) as string[]).map(Number)
      expect(acked).to.be.greaterThan(10)
      const present = new Set(values)
      expect(Array.from({length: acked}, (_, index) => index + 1).filter(n => !present.has(n)), 'acknowledged writes missing on the final primary').to.deep.equal([])
      expect(done.paged).to.deep.equal([])
      expect(warnings).to.deep.equal([])
    })

    it('never promotes a live standby that lags at the roll\'s maintenance: the run fails, the primary stays, and the operator is paged', async () => {
      box = await startTestSandbox({redis: {syncTimeoutMs: 500}, warn: line => warnings.push(line)})
      const {id} = (await box.post('/__sandbox/rolls', {concurrency: 3, image: IMAGE, on_call: ON_CALL})).body
      let current: Json = (await box.get(`/__sandbox/rolls/${id}`)).body
      for (let hour = 0; hour < 48 && (current.status === 'replacing_standbys' || current.status === 'scheduling'); hour++) {
        await box.advance('PT1H')
        current = (await box.get(`/__sandbox/rolls/${id}`)).body
      }

      expect(current.status).to.equal('maintaining')
      const url = await redisUrl(box)
      const standby = liveServerOnPort(await standbyPort(url))!
      const scheduledFor = entryOf(current).steps.find((step: Json) => step.step === 'scheduled').scheduled_for
      process.kill(standby.pid!, 'SIGSTOP')
      try {
        await box.call('POST', '/__sandbox/clock', {set: scheduledFor})
        await box.advance('PT1M')
        const failed = await eventually(async () => (await box!.get(`/data/maintenances/v1/${LIVELY}`)).body, body => body.status !== 'running', 'the run to end')
        expect(failed).to.include({status: 'failed', reason: 'standby_not_in_sync'})
        expect(await redisUrl(box)).to.equal(url)
        const primary = parseRedisUrl(url)
        expect(parseInfo(await ask(primary.port, primary.password!, ['INFO', 'replication']) as string).role).to.equal('master')
        expect(await ask(primary.port, primary.password!, ['SET', 'after', 'the failed run'])).to.equal('OK')

        await box.advance('PT31M')
        current = (await box.get(`/__sandbox/rolls/${id}`)).body
        expect(stepNames(current)).to.deep.equal(['standby_replaced', 'scheduled', 'notified', 'started', 'held'])
        expect(current.paged.map((page: Json) => [page.addon, page.reason])).to.deep.equal([[LIVELY, 'replication_failed']])
        expect(warnings).to.have.length(1)
        expect(warnings[0]).to.match(/^maintenance of redis-lively-12345 failed at standby_in_sync: Not performed: /)
      } finally {
        process.kill(standby.pid!, 'SIGCONT')
      }
    })

    it('takes the fresh standby of a sandbox restarted in the middle of a replacement for the new one, at the simulated time', async () => {
      const simulated = await startTestSandbox()
      const {directory} = simulated
      const {id} = (await simulated.post('/__sandbox/rolls', {concurrency: 3, image: IMAGE, on_call: ON_CALL})).body
      await simulated.call('POST', '/__sandbox/clock', {set: '2026-11-23T17:05:00Z'})
      expect(stepNames((await simulated.get(`/__sandbox/rolls/${id}`)).body)).to.deep.equal([])
      await simulated.sandbox.close()

      box = await startTestSandbox({redis: true, warn: line => warnings.push(line)}, directory)
      await box.advance('PT20M')
      const current = (await box.get(`/__sandbox/rolls/${id}`)).body
      expect(entryOf(current).steps[0]).to.deep.equal({step: 'standby_replaced', at: '2026-11-23T17:20:00.000+00:00', image: IMAGE})
      expect(liveServerCount()).to.equal(serversBefore + 2)
      expect(warnings).to.deep.equal([])
    })

    it('fails an owner\'s run of a live add-on whose standby is marked lagging, without touching its servers', async () => {
      box = await startTestSandbox({redis: true, warn: line => warnings.push(line)})
      const url = await redisUrl(box)
      const standby = await standbyPort(url)
      await box.post(`/__sandbox/addons/${LIVELY}/replication`, {lagging: true})
      expect((await box.post(`/data/maintenances/v1/${LIVELY}/run`)).body.status).to.equal('running')
      await box.advance('PT5M')
      await sleep(200)
      expect((await box.get(`/data/maintenances/v1/${LIVELY}`)).body).to.include({status: 'failed', reason: 'standby_lagging'})
      expect(await redisUrl(box)).to.equal(url)
      expect(await standbyPort(url)).to.equal(standby)
      expect(warnings).to.deep.equal([])
    })
  })
})

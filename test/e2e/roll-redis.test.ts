import {expect} from 'chai'
import {parseInfo, parseRedisUrl, RespClient} from 'heroku-data-maintenance-sandbox/redis/resp'

import type {WriterSummary} from './writer-app.js'

import {cliWhileClockMoves} from '../helpers/cli.js'
import {redisServerOrSkip} from '../helpers/redis-server.js'
import {REDIS_ADDON as ADDON, APP, SandboxSession} from '../helpers/sandbox.js'
import {infoReplication, missingWrites, portOpen, readLog, redisUrl, WriterProcess} from './failover-driver.js'

const IMAGE = 'kv-7.2.5'
const ON_CALL = {zone: 'America/Los_Angeles', start: '09:00', end: '17:00'}
const KEY = 'roll:log'

interface RollStep {
  at: string
  step: string
  [detail: string]: string
}

interface Roll {
  status: string
  addons: Array<{name: string; ran_by: null | string; steps: RollStep[]}>
  paged: unknown[]
}

const sleep = (ms: number) => new Promise<void>(resolve => {
  setTimeout(resolve, ms)
})

/** The port of the standby replicating the primary at `url`. */
async function standbyPort(url: string): Promise<number> {
  return Number(/port=(\d+)/.exec(parseInfo(await infoReplication(url)).slave0 ?? '')?.[1])
}

/** The image the server at `url` was started from, as it reports it itself. */
async function imageOf(url: string): Promise<null | string> {
  const client = await RespClient.connect(parseRedisUrl(url))
  try {
    const [, template] = (await client.call(['CONFIG', 'GET', 'proc-title-template'])) as string[]
    return /image=(\S+)/.exec(template)?.[1] ?? null
  } finally {
    client.close()
  }
}

function lively(current: Roll): Roll['addons'][number] {
  return current.addons.find(addon => addon.name === ADDON)!
}

describe('e2e: a fleet roll with --redis under a writing app', function () {
  this.timeout(120_000)
  let session: SandboxSession | undefined
  let writer: undefined | WriterProcess

  before(function () {
    redisServerOrSkip(this)
  })

  after(async () => {
    writer?.kill()
    await session?.close()
  })

  it('replaces the live standby, fails over onto it when the owner runs early, and loses no acknowledged write', async () => {
    const started = Date.now()
    session = await SandboxSession.open({sandboxArgs: ['--redis']})
    const open = session
    const roll = (id: string) => open.admin<Roll>('GET', `/rolls/${id}`)
    const firstUrl = await redisUrl(session)
    const firstStandby = await standbyPort(firstUrl)
    writer = await WriterProcess.start(session, KEY)

    const {id} = await session.admin<{id: string}>('POST', '/rolls', {image: IMAGE, concurrency: 2, on_call: ON_CALL})
    let current = await roll(id)
    // The manual clock moves an hour at a time; the live replacement ends in real time, between the moves, and the
    // roll then schedules its maintenances a simulated minute later.
    for (let i = 0; i < 100 && (current.status === 'replacing_standbys' || current.status === 'scheduling'); i++) {
      await session.advanceClock('PT1H')
      await sleep(50)
      current = await roll(id)
    }

    expect(current.status).to.equal('maintaining')
    expect(lively(current).steps.map(step => step.step)).to.deep.equal(['standby_replaced', 'scheduled', 'notified'])
    // The primary kept serving; its standby is a new process from the image, and the old one is gone.
    expect(await redisUrl(session)).to.equal(firstUrl)
    const newStandby = await standbyPort(firstUrl)
    expect(newStandby).to.not.equal(firstStandby)
    expect(await portOpen(firstStandby), 'the old standby still runs').to.equal(false)
    const standbyUrl = `redis://default:${parseRedisUrl(firstUrl).password}@127.0.0.1:${newStandby}`
    expect(await imageOf(standbyUrl)).to.equal(IMAGE)

    // The owner runs it early through the plugin, without maintenance mode.
    const run = await cliWhileClockMoves(session, ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP, '--wait', '--interval', '1s'], {everyMs: 100})
    expect(run.code, run.stderr).to.equal(0)
    expect(run.stdout).to.match(/^Maintenance of redis-lively-12345 completed at /m)

    for (let i = 0; i < 200 && current.status !== 'completed'; i++) {
      await session.advanceClock('PT6H')
      current = await roll(id)
    }

    expect(current.status).to.equal('completed')
    const summary: WriterSummary = await writer.stop()
    writer = undefined
    const finalUrl = await redisUrl(session)
    const finalPort = parseRedisUrl(finalUrl).port

    // Every acknowledged write is on the final primary: the roll's standby, promoted, a different process from the first primary.
    expect(summary.acked).to.be.greaterThan(100)
    expect(missingWrites(await readLog(finalUrl, KEY), summary.acked), 'acknowledged writes missing on the final primary').to.deep.equal([])
    expect(finalPort).to.equal(newStandby)
    expect(finalPort).to.not.equal(parseRedisUrl(firstUrl).port)
    expect(await portOpen(parseRedisUrl(firstUrl).port), 'the first primary still runs').to.equal(false)
    expect(summary.connections.map(connection => connection.port)).to.include(finalPort)
    expect(await imageOf(finalUrl)).to.equal(IMAGE)
    const lastStandby = await standbyPort(finalUrl)
    expect(await imageOf(`redis://default:${parseRedisUrl(finalUrl).password}@127.0.0.1:${lastStandby}`)).to.equal(IMAGE)

    const {ran_by: ranBy, steps} = lively(current)
    expect(steps.map(step => step.step)).to.deep.equal(['standby_replaced', 'scheduled', 'notified', 'started', 'completed'])
    expect(steps[0]).to.include({image: IMAGE})
    expect(steps[3]).to.include({by: 'owner'})
    expect(ranBy).to.equal('owner')
    const times = steps.map(step => Date.parse(step.at))
    expect(times, 'the steps are out of order').to.deep.equal([...times].sort((left, right) => left - right))
    expect(current.paged).to.deep.equal([])
    expect(Date.now() - started, 'the roll took too long').to.be.lessThan(60_000)
  })
})

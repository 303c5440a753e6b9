import {expect} from 'chai'
import {formatRedisUrl, parseInfo, parseRedisUrl, RespClient, RespConnectionError} from 'heroku-data-maintenance-sandbox/redis/resp'
import {liveServerCount, liveServerOnPort, type RedisServerProcess} from 'heroku-data-maintenance-sandbox/redis/server-process'
import * as fs from 'node:fs'

import {redisServerOrSkip} from '../../helpers/redis-server.js'
import {type Json, startTestSandbox, type TestSandbox} from '../helpers.js'

const LIVELY = '/data/maintenances/v1/redis-lively-12345'
const DATABASE = '/redis/v0/databases/redis-lively-12345'

const sleep = (ms: number) => new Promise<void>(resolve => {
  setTimeout(resolve, ms)
})

async function redisUrl(box: TestSandbox): Promise<string> {
  return (await box.get('/apps/example-app/config-vars')).body.REDIS_URL
}

async function connect(url: string): Promise<RespClient> {
  return RespClient.connect(parseRedisUrl(url))
}

async function replication(url: string): Promise<Record<string, string>> {
  const client = await connect(url)
  try {
    return parseInfo(await client.text(['INFO', 'replication']))
  } finally {
    client.close()
  }
}

/** The run's recorded steps, from the state dump. */
async function stepsOf(box: TestSandbox): Promise<string[]> {
  const state = (await box.get('/__sandbox/state')).body
  return state.addons.find((addon: Json) => addon.name === 'redis-lively-12345').maintenance.steps.map((step: Json) => step.name)
}

/** Polls (real time) until the condition holds: real work ends asynchronously. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  let value = await read()
  for (let i = 0; i < 200 && !accept(value); i++) {
    await sleep(25)
    value = await read()
  }

  if (!accept(value)) throw new Error(`gave up waiting for ${what}: last saw ${JSON.stringify(value)}`)
  return value
}

function rows(body: Json): Record<string, string[]> {
  return Object.fromEntries(body.info.map((row: Json) => [row.name, row.values]))
}

function standbyOf(primaryUrl: string, info: Record<string, string>): RedisServerProcess {
  const port = Number(/port=(\d+)/.exec(info.slave0 ?? '')?.[1])
  const server = liveServerOnPort(port)
  if (!server) throw new Error(`no standby found for ${primaryUrl}: ${info.slave0}`)
  return server
}

describe('sandbox redis: maintenance runs fail over real servers', function () {
  this.timeout(30_000)
  let box: TestSandbox | undefined
  let serversBefore: number
  let warnings: string[]

  before(function () {
    redisServerOrSkip(this)
  })

  beforeEach(() => {
    serversBefore = liveServerCount()
    warnings = []
  })

  afterEach(async () => {
    await box?.stop()
    box = undefined
    expect(liveServerCount(), 'a redis-server outlived the sandbox').to.equal(serversBefore)
  })

  it('runs the steps for real: hold writes, promote the standby, move REDIS_URL, retire the old primary, build a new standby', async () => {
    box = await startTestSandbox({redis: true, warn: line => warnings.push(line)})
    expect(liveServerCount()).to.equal(serversBefore + 2)
    const oldUrl = await redisUrl(box)
    const releases = (await box.get('/apps/example-app/releases')).body.length
    const app = await connect(oldUrl)
    await app.call(['SET', 'kept', 'before the run'])
    const live = rows((await box.get(DATABASE)).body)
    expect(live.Version).to.deep.equal(['7.0.15'])
    expect(live.Memory[0]).to.match(/^[\d.]+[BKMG] used$/)
    expect(live.Clients).to.deep.equal(['1'])
    expect(live['HA Status']).to.deep.equal(['Available'])

    expect((await box.post(`${LIVELY}/run`)).body.status).to.equal('running')
    await box.advance('PT30S')
    await eventually(() => stepsOf(box!), steps => steps.length === 1, 'standby_in_sync')
    // Writes are held on the primary from now on: this one gets no answer.
    let held: unknown = 'pending'
    app.call(['SET', 'held', 'during the run']).then(reply => {
      held = reply
    }, (error: unknown) => {
      held = error
    })
    await sleep(100)
    expect(held).to.equal('pending')

    await box.advance('PT20S')
    await eventually(() => stepsOf(box!), steps => steps.length === 2, 'standby_promoted')
    expect(await redisUrl(box)).to.equal(oldUrl)
    expect(held).to.equal('pending')

    await box.advance('PT30S')
    const newUrl = await eventually(() => redisUrl(box!), url => url !== oldUrl, 'REDIS_URL to move')
    expect(parseRedisUrl(newUrl)).to.deep.include({host: '127.0.0.1', password: parseRedisUrl(oldUrl).password})
    const release = (await box.get('/apps/example-app/releases')).body
    expect(release).to.have.length(releases + 1)
    expect(release.at(-1)).to.include({description: 'Update REDIS by heroku-redis', created_at: '2026-11-23T12:01:14.000+00:00'})
    // The old primary ends: the held write is never acknowledged, and nothing listens there any more.
    await eventually(async () => held, value => value !== 'pending', 'the held write to end')
    expect(held).to.be.instanceOf(RespConnectionError)
    expect(await connect(oldUrl).catch((error: unknown) => error)).to.be.instanceOf(RespConnectionError)

    const moved = await connect(newUrl)
    expect(await moved.call(['GET', 'kept'])).to.equal('before the run')
    expect(await moved.call(['GET', 'held'])).to.equal(null)
    expect(await moved.call(['SET', 'after', 'the move'])).to.equal('OK')
    moved.close()
    expect((await box.get(LIVELY)).body.status).to.equal('running')

    await box.advance('PT2M')
    const done = await eventually(async () => (await box!.get(LIVELY)).body, body => body.status === 'completed', 'completed')
    expect(done).to.include({started_at: '2026-11-23T12:00:00.000+00:00', reason: 'routine_maintenance'})
    expect(await stepsOf(box)).to.deep.equal(['standby_in_sync', 'standby_promoted', 'config_var_updated', 'new_standby_built'])
    const info = await replication(newUrl)
    expect(info).to.include({role: 'master', connected_slaves: '1'})
    const standby = standbyOf(newUrl, info)
    expect(liveServerCount()).to.equal(serversBefore + 2)
    const after = rows((await box.get(DATABASE)).body)
    expect(after['HA Status']).to.deep.equal(['Available'])
    expect(after.Maintenance).to.deep.equal(['not required'])
    expect((await box.get(DATABASE)).body.port).to.equal(parseRedisUrl(newUrl).port)
    const saved = JSON.parse(fs.readFileSync(box.stateFile, 'utf8'))
    expect(saved.addons[0].server.port).to.equal(parseRedisUrl(newUrl).port)
    expect(warnings).to.deep.equal([])
    app.close()

    await box.stop()
    box = undefined
    expect(standby.running).to.equal(false)
  })

  it('does not promote a standby that does not catch up: the old primary stays and the run fails, saying why; a retry then works', async () => {
    box = await startTestSandbox({redis: {syncTimeoutMs: 1000}, warn: line => warnings.push(line)})
    const url = await redisUrl(box)
    const standby = standbyOf(url, await replication(url))
    const app = await connect(url)
    process.kill(standby.pid!, 'SIGSTOP')
    try {
      await app.call(['SET', 'only-on-the-primary', '1'])
      await box.post(`${LIVELY}/run`)
      await box.advance('PT30S')
      const failed = await eventually(async () => (await box!.get(LIVELY)).body, body => body.status !== 'running', 'the run to end')
      expect(failed).to.include({status: 'failed', reason: 'standby_not_in_sync', completed_at: null})
      expect(await redisUrl(box)).to.equal(url)
      // The primary takes writes again at once.
      expect(await app.call(['SET', 'after-the-failure', '1'])).to.equal('OK')
      expect((await replication(url)).role).to.equal('master')
      expect(warnings).to.have.length(1)
      const [warning] = warnings
      expect(warning).to.match(/^maintenance of redis-lively-12345 failed at standby_in_sync: Not performed: /)
      expect(warning, warning).to.match(/: the standby (did not answer|could not be read \(.*\)) after \d+ ms; the primary stays and takes writes again\.$/)
      const maintenanceRow = rows((await box.get(DATABASE)).body).Maintenance
      expect(maintenanceRow[0]).to.match(/^required by /)
      expect(maintenanceRow[1]).to.match(/^last run failed: Not performed: the standby /)
      // Further clock moves leave a failed run alone.
      await box.advance('PT10M')
      expect((await box.get(LIVELY)).body.status).to.equal('failed')
    } finally {
      process.kill(standby.pid!, 'SIGCONT')
    }

    // Woken up, the standby catches up (it was never detached); then the run is tried again.
    const primaryOffset = (await replication(url)).master_repl_offset
    const caughtUp = await eventually(() => replication(formatRedisUrl(standby.address)), info => Number(info.slave_repl_offset) >= Number(primaryOffset), 'the standby to catch up')
    expect(caughtUp).to.include({role: 'slave', master_link_status: 'up'})
    const retried = await box.post(`${LIVELY}/run`)
    expect(retried.body).to.include({status: 'running', reason: 'routine_maintenance'})
    await box.advance('PT4M')
    await eventually(async () => (await box!.get(LIVELY)).body.status, status => status === 'completed', `the retry to complete (${warnings.join('; ')})`)
    const moved = await connect(await redisUrl(box))
    expect(await moved.call(['MGET', 'only-on-the-primary', 'after-the-failure'])).to.deep.equal(['1', '1'])
    moved.close()
    app.close()
  })

  it('stops every server when the sandbox closes in the middle of a run', async () => {
    box = await startTestSandbox({redis: true, warn: line => warnings.push(line)})
    await box.post(`${LIVELY}/run`)
    await box.advance('PT3M')
    expect(liveServerCount()).to.equal(serversBefore + 2)
    // afterEach stops the sandbox while the first step's work is under way, and checks that no server is left.
  })

  it('finishes a run the sandbox restarted in the middle of on its fresh primary and standby', async () => {
    const simulated = await startTestSandbox()
    const {directory} = simulated
    await simulated.post(`${LIVELY}/run`)
    await simulated.advance('PT50S')
    await simulated.sandbox.close()

    box = await startTestSandbox({redis: true}, directory)
    expect(await stepsOf(box)).to.deep.equal(['standby_in_sync', 'standby_promoted'])
    const fresh = await redisUrl(box)
    await box.advance('PT3M')
    const done = await eventually(async () => (await box!.get(LIVELY)).body, body => body.status === 'completed', 'completed')
    expect(done.completed_at).to.equal('2026-11-23T12:03:06.000+00:00')
    // Its servers already stand for what the earlier steps did: nothing was moved or rebuilt.
    expect(await redisUrl(box)).to.equal(fresh)
    expect(liveServerCount()).to.equal(serversBefore + 2)
  })
})

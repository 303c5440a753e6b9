import {expect} from 'chai'
import {parseSandboxArgs} from 'heroku-data-maintenance-sandbox/cli'
import {parseInstant} from 'heroku-data-maintenance-sandbox/clock'
import {RedisFleet} from 'heroku-data-maintenance-sandbox/redis/fleet'
import {parseInfo, parseRedisUrl, RespClient} from 'heroku-data-maintenance-sandbox/redis/resp'
import {findRedisServer, liveServerCount, RedisServerProcess} from 'heroku-data-maintenance-sandbox/redis/server-process'
import {buildSeed, SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'
import {World} from 'heroku-data-maintenance-sandbox/world'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {fileURLToPath} from 'node:url'

import {redisServerOrSkip} from '../../helpers/redis-server.js'
import {startTestSandbox, temporaryDirectory} from '../helpers.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

function demoWorld(): World {
  return new World(buildSeed('demo', parseInstant('2026-11-23T12:00:00Z')!, 1))
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function infoOf(server: RedisServerProcess): Promise<Record<string, string>> {
  const client = await server.connect()
  try {
    return parseInfo(await client.text(['INFO', 'replication']))
  } finally {
    client.close()
  }
}

describe('sandbox redis: the fleet of real servers', function () {
  this.timeout(30_000)
  let binary: null | string

  before(function () {
    binary = redisServerOrSkip(this)
  })

  it('finds executables on a PATH, and nothing where there is none', () => {
    const folder = path.dirname(binary!)
    expect(findRedisServer(`/nonexistent${path.delimiter}${folder}`)).to.equal(binary)
    expect(findRedisServer('/nonexistent')).to.equal(null)
    expect(findRedisServer('', binary!)).to.equal(binary)
    expect(findRedisServer('', '/nonexistent/redis-server')).to.equal(null)
    // A folder is not an executable.
    expect(findRedisServer('', folder)).to.equal(null)
  })

  it('runs a primary and a replicating standby for each Redis add-on but mini, and stops every one of them', async () => {
    const world = demoWorld()
    const before = liveServerCount()
    const warnings: string[] = []
    const fleet = (await RedisFleet.start(world, {}, {changed() {}, warn: line => warnings.push(line)}))!
    try {
      expect(warnings).to.deep.equal([])
      const lively = world.findAddon(SEED_IDS.redisLively)!
      const tiny = world.findAddon(SEED_IDS.redisTiny)!
      const servers = fleet.servers(SEED_IDS.redisLively)!
      expect(fleet.servers(SEED_IDS.redisTiny)).to.equal(undefined)
      expect(fleet.processes()).to.have.length(2)
      expect(liveServerCount()).to.equal(before + 2)
      expect(world.stepWorker).to.equal(fleet.worker)

      // The config var is the primary's URL, with the add-on's password; mini stays simulated.
      const vars = world.configVars(world.requireApp('example-app'))
      expect(vars.REDIS_URL).to.equal(`redis://default:${servers.password}@127.0.0.1:${servers.primary.port}`)
      expect(lively.server).to.deep.include({host: '127.0.0.1', port: servers.primary.port, user: 'default'})
      expect(vars.CACHE_URL).to.match(/^redis:\/\/h:p[\da-f]+@127\.0\.0\.1:\d+$/)
      expect(tiny.server.user).to.equal('h')

      // Password required; the standby replicates the primary.
      const anonymous = await RespClient.connect({host: '127.0.0.1', port: servers.primary.port})
      expect(await anonymous.call(['GET', 'x']).catch((error: Error) => error.message)).to.match(/^NOAUTH/)
      anonymous.close()
      const app = await RespClient.connect(parseRedisUrl(vars.REDIS_URL))
      await app.call(['SET', 'fleet:key', 'v1'])
      app.close()
      const replica = servers.replica!
      let replicated: unknown = null
      for (let i = 0; i < 200 && replicated !== 'v1'; i++) {
        if (i > 0) await new Promise(resolve => {
          setTimeout(resolve, 25)
        })
        const client = await replica.connect()
        replicated = await client.call(['GET', 'fleet:key'])
        client.close()
      }

      expect(replicated).to.equal('v1')
      expect(await infoOf(replica)).to.include({role: 'slave', master_port: String(servers.primary.port), master_link_status: 'up'})
      expect((await fleet.liveInfo(SEED_IDS.redisLively))!).to.include({haStatus: 'Available', clients: 0})
      expect(await fleet.liveInfo(SEED_IDS.redisTiny)).to.equal(undefined)

      const processes = fleet.processes()
      const directories = processes.map(server => server.directory)
      expect(directories.every(directory => fs.existsSync(directory))).to.equal(true)
      await fleet.stop()
      expect(processes.map(server => alive(server.pid))).to.deep.equal([false, false])
      expect(directories.some(directory => fs.existsSync(directory)), 'a temporary directory was left behind').to.equal(false)
      expect(liveServerCount()).to.equal(before)
      expect(world.stepWorker).to.equal(null)
    } finally {
      await fleet.stop()
    }
  })

  it('reports a standby that is missing or not replicating', async () => {
    const world = demoWorld()
    const fleet = (await RedisFleet.start(world, {}, {changed() {}, warn() {}}))!
    try {
      const servers = fleet.servers(SEED_IDS.redisLively)!
      const replica = servers.replica!
      const client = await replica.connect()
      await client.call(['REPLICAOF', '127.0.0.1', '1'])
      client.close()
      expect((await fleet.liveInfo(SEED_IDS.redisLively))!.haStatus).to.equal('Unavailable (standby syncing)')
      await replica.stop()
      expect((await fleet.liveInfo(SEED_IDS.redisLively))!.haStatus).to.equal('Unavailable (standby not answering)')
      servers.replica = null
      expect((await fleet.liveInfo(SEED_IDS.redisLively))!.haStatus).to.equal('Unavailable (no standby yet)')
    } finally {
      await fleet.stop()
    }
  })

  it('falls back to the simulated model, saying so once, when there is no redis-server', async () => {
    const warnings: string[] = []
    const box = await startTestSandbox({redis: {binary: '/nonexistent/redis-server'}, warn: line => warnings.push(line)})
    try {
      expect(warnings).to.deep.equal(['--redis: /nonexistent/redis-server was not found or cannot be run; Redis add-ons stay simulated.'])
      expect((await box.get('/apps/example-app/config-vars')).body.REDIS_URL).to.match(/^redis:\/\/h:p[\da-f]+@127\.0\.0\.1:\d+$/)
    } finally {
      await box.stop()
    }

    const world = demoWorld()
    const onPath: string[] = []
    const saved = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      expect(await RedisFleet.start(world, {}, {changed() {}, warn: line => onPath.push(line)})).to.equal(null)
    } finally {
      process.env.PATH = saved
    }

    expect(onPath).to.deep.equal(['--redis: redis-server was not found on PATH or cannot be run; Redis add-ons stay simulated.'])
    expect(world.stepWorker).to.equal(null)
  })

  it('reads --redis on the command line', () => {
    expect(parseSandboxArgs(['--redis']).options.redis).to.equal(true)
    expect(parseSandboxArgs([]).options).to.not.have.property('redis')
  })

  it('reports a server that exits at start, after trying other ports', async () => {
    const before = liveServerCount()
    const exitsAtOnce = findRedisServer(process.env.PATH, 'false')!
    const failed = await RedisServerProcess.start({binary: exitsAtOnce, password: 'x'}).catch((error: Error) => error)
    expect(failed).to.be.instanceOf(Error)
    expect((failed as Error).message).to.match(/^redis-server on port \d+ exited at start: no output$/)
    const missing = await RedisServerProcess.start({binary: '/nonexistent/redis-server', password: 'x'}).catch((error: Error) => error)
    expect((missing as Error).message).to.match(/^redis-server on port \d+ exited at start/)
    expect(liveServerCount()).to.equal(before)
  })

  it('kills its servers when the Node process exits without stopping them', () => {
    const directory = temporaryDirectory()
    const script = path.join(directory, 'leave.mts')
    fs.writeFileSync(script, `
      import {RedisServerProcess} from ${JSON.stringify(path.join(ROOT, 'packages/sandbox/src/redis/server-process.ts'))}
      const server = await RedisServerProcess.start({binary: ${JSON.stringify(binary)}, password: 'x'})
      console.log(JSON.stringify({pid: server.pid, directory: server.directory}))
      process.exit(0)
    `)
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], {cwd: ROOT, encoding: 'utf8', timeout: 20_000})
    fs.rmSync(directory, {force: true, recursive: true})
    expect(result.status, result.stderr).to.equal(0)
    const {directory: serverDirectory, pid} = JSON.parse(result.stdout.trim()) as {directory: string; pid: number}
    let gone = false
    for (let i = 0; i < 100 && !gone; i++) {
      gone = !alive(pid)
      if (!gone) spawnSync('sleep', ['0.02'])
    }

    expect(gone, `redis-server ${pid} outlived its parent`).to.equal(true)
    expect(fs.existsSync(serverDirectory)).to.equal(false)
  })
})

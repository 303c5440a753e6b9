import {type ChildProcess, spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'

import {type RedisAddress, RespClient} from './resp.js'

/**
 * One redis-server process on a free loopback port, in its own temporary directory, with no
 * persistence (`--save '' --appendonly no`). Every process started here is also killed when the
 * Node process exits, however it exits short of SIGKILL.
 */

export interface RedisServerOptions {
  /** The redis-server executable. */
  binary: string
  /** Clients (and replicas, through masterauth) must send it. */
  password: string
  /** Starts as a replica of this primary. */
  replicaOf?: RedisAddress
  /** How long to wait for the server to answer PING; default 10 s. */
  startTimeoutMs?: number
  /** The server image it stands for (a fleet roll's new standby): in its process title and `CONFIG GET proc-title-template`. */
  image?: string
}

const HOST = '127.0.0.1'
const START_ATTEMPTS = 3
const STOP_GRACE_MS = 5000
const LOG_LINES_KEPT = 20

interface Registry {
  exitHook: boolean
  live: Set<RedisServerProcess>
}

/**
 * Live processes, killed on exit so that no redis-server outlives the sandbox. Kept on the process
 * itself: a test runner may load this module twice (once required, once imported), and both copies
 * must see every server.
 */
const registry: Registry = (() => {
  const holder = globalThis as typeof globalThis & {[key: symbol]: Registry | undefined}
  const key = Symbol.for('heroku-data-maintenance.sandbox.redis-servers')
  holder[key] ??= {exitHook: false, live: new Set()}
  return holder[key]
})()
const {live} = registry

function installExitHook(): void {
  if (registry.exitHook) return
  registry.exitHook = true
  process.on('exit', () => {
    for (const server of live) server.killNow()
  })
}

/** How many redis-server processes this Node process has started and not yet seen exit. */
export function liveServerCount(): number {
  return live.size
}

/** The running server on a port, if this Node process started it (tests use it to stop a standby's process). */
export function liveServerOnPort(port: number): RedisServerProcess | undefined {
  return [...live].find(server => server.port === port)
}

/** The redis-server on PATH (or at an explicit path), or null when there is none that can be run. */
export function findRedisServer(pathVariable = process.env.PATH ?? '', name = 'redis-server'): null | string {
  const candidates = name.includes('/') ? [name] : pathVariable.split(path.delimiter).filter(Boolean).map(folder => path.join(folder, name))
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      if (fs.statSync(candidate).isFile()) return candidate
    } catch {
      // Not here; try the next folder.
    }
  }

  return null
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const {port} = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise<void>(resolve => {
  setTimeout(resolve, ms)
})

export class RedisServerProcess {
  readonly host = HOST
  private readonly log: string[] = []
  private readonly exited: Promise<void>
  private stopping: Promise<void> | undefined

  private constructor(
    readonly port: number,
    readonly password: string,
    readonly directory: string,
    private readonly child: ChildProcess,
    /** The server image it was started from, when one was named (RedisServerOptions.image). */
    readonly image?: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.keepLog(chunk))
    child.stderr?.on('data', (chunk: Buffer) => this.keepLog(chunk))
    this.exited = new Promise(resolve => {
      const ended = () => {
        live.delete(this)
        fs.rmSync(directory, {force: true, recursive: true})
        resolve()
      }

      child.once('exit', ended)
      // A process that could not be spawned at all never exits.
      child.on('error', () => {
        if (child.pid === undefined) ended()
      })
    })
    live.add(this)
    installExitHook()
  }

  /** Starts a server and waits until it answers; a port taken in the meantime is retried on another. */
  static async start(options: RedisServerOptions): Promise<RedisServerProcess> {
    for (let attempt = 1; ; attempt++) {
      const server = RedisServerProcess.spawn(options, await freePort())
      try {
        await server.waitUntilReady(options.startTimeoutMs ?? 10_000)
        return server
      } catch (error) {
        await server.stop()
        if (attempt >= START_ATTEMPTS) throw error
      }
    }
  }

  private static spawn(options: RedisServerOptions, port: number): RedisServerProcess {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-redis-'))
    const args = [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      directory,
      '--requirepass',
      options.password,
      '--masterauth',
      options.password,
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
      // A new standby syncs at once instead of waiting for more replicas to join the transfer.
      '--repl-diskless-sync',
      'yes',
      '--repl-diskless-sync-delay',
      '0',
      // A replica loads what it receives straight from the socket: no RDB file is ever written.
      '--repl-diskless-load',
      'swapdb',
      ...(options.replicaOf ? ['--replicaof', options.replicaOf.host, String(options.replicaOf.port)] : []),
      ...(options.image ? ['--proc-title-template', `{title} {listen-addr} {server-mode} image=${options.image}`] : []),
    ]
    const child = spawn(options.binary, args, {stdio: ['ignore', 'pipe', 'pipe']})
    return new RedisServerProcess(port, options.password, directory, child, options.image)
  }

  get address(): RedisAddress {
    return {host: this.host, port: this.port, password: this.password, user: 'default'}
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  get running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null
  }

  /** A new authenticated connection to this server. */
  connect(timeoutMs?: number): Promise<RespClient> {
    return RespClient.connect({...this.address, timeoutMs})
  }

  /** Ends the process (SIGTERM, then SIGKILL after a grace period) and removes its directory. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const timer = this.running ? setTimeout(() => this.killNow(), STOP_GRACE_MS) : undefined
      if (this.running) this.child.kill('SIGTERM')
      await this.exited
      clearTimeout(timer)
    })()
    return this.stopping
  }

  private keepLog(chunk: Buffer): void {
    this.log.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    this.log.splice(0, Math.max(0, this.log.length - LOG_LINES_KEPT))
  }

  /** Synchronous last resort (process exit): SIGKILL and remove the directory. */
  killNow(): void {
    if (this.running) this.child.kill('SIGKILL')
    fs.rmSync(this.directory, {force: true, recursive: true})
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (!this.running) throw new Error(`redis-server on port ${this.port} exited at start: ${this.log.join(' | ') || 'no output'}`)
      try {
        const client = await this.connect(Math.max(100, deadline - Date.now()))
        try {
          if ((await client.text(['PING'], 1000)) === 'PONG') return
        } finally {
          client.close()
        }
      } catch (error) {
        if (Date.now() >= deadline) throw new Error(`redis-server on port ${this.port} did not answer within ${timeoutMs} ms: ${(error as Error).message}`)
      }

      await sleep(20)
    }
  }
}

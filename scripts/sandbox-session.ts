import {type ChildProcess, spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {request} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'

/** A sandbox process and the plugin's real binary pointed at it: used by the demo, the end-to-end tests and the benchmark. */

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface CliResult {
  code: null | number
  /** stdout and stderr in the order they arrived, stderr lines marked, as a terminal would have shown them. */
  interleaved: string
  signal: NodeJS.Signals | null
  stderr: string
  stdout: string
}

export interface CliRun {
  child: ChildProcess
  done: Promise<CliResult>
}

export interface LoggedRequest {
  at?: string
  method: string
  path: string
  query?: string
  status: number
}

export interface FaultSpec {
  body?: unknown
  delayMs?: number
  drop?: boolean
  headers?: Record<string, string>
  method: string
  path?: string
  pathPrefix?: string
  status?: number
  times?: number
}

/** The manual clock at the fixed start the suites' expectations are written for. */
export const MANUAL_CLOCK_ARGS = ['--clock', 'manual', '--now', '2026-11-23T12:00:00Z']

export interface SessionOptions {
  /**
   * The sandbox's clock arguments: default MANUAL_CLOCK_ARGS (the clock moves only through the admin
   * route, so runs are deterministic); e.g. ['--clock', 'real', '--speed', '10'] for real time.
   */
  clockArgs?: string[]
  /** Extra arguments for bin/sandbox.js (e.g. ['--seed', 'empty']). */
  sandboxArgs?: string[]
  /** The sandbox's binary: this checkout's bin/sandbox.js unless given (e.g. the one of an installed package). */
  sandboxBin?: string
  /** The state file to load and save: a new one in a temporary directory unless given (e.g. to restart on the same world). */
  stateFile?: string
  /** The API token the sandbox accepts: a random one unless given. */
  token?: string
}

/** What HEROKU_* variables the CLI gets: the sandbox, and nothing from the caller's own Heroku setup. */
export function cliEnvironment(url: string, token: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('HEROKU_') && key !== 'DEBUG' && key !== 'NODE_OPTIONS') env[key] = value
  }

  return {...env, HEROKU_API_KEY: token, HEROKU_DATA_HOST: new URL(url).hostname, HEROKU_HOST: url, NO_COLOR: '1', ...extra}
}

export interface HttpAnswer {
  status: number
  text: string
}

/**
 * One request on a fresh connection, whatever its status; rejects only when there is no answer (the connection
 * failed, or `timeoutMs` passed). (A pooled keep-alive socket can be closed by the server while the caller blocks
 * in spawnSync, and fetch would then fail with "other side closed".)
 */
export function httpRequest(method: string, url: string, options: {body?: unknown; headers?: Record<string, string>; timeoutMs?: number} = {}): Promise<HttpAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  return new Promise((resolve, reject) => {
    const req = request(url, {agent: false, headers: {...options.headers, 'content-type': 'application/json'}, method, timeout: options.timeoutMs}, response => {
      let text = ''
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk
      })
      response.on('error', reject)
      response.on('end', () => resolve({status: response.statusCode ?? 0, text}))
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)))
    req.on('error', reject)
    req.end(payload)
  })
}

/** One JSON request that must succeed: its parsed answer, or an error naming the status. */
async function httpJson<T>(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const {status, text} = await httpRequest(method, url, {body, headers})
  if (status < 200 || status >= 300) throw new Error(`${method} ${url}: ${status} ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  let interleaved = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    interleaved += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    // Mark only the starts of lines: a chunk may continue a line ("Starting… " then "done").
    const marked = chunk.replaceAll(/\n(?=.)/g, '\n(stderr) ')
    interleaved += interleaved === '' || interleaved.endsWith('\n') ? `(stderr) ${marked}` : marked
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({code, interleaved, signal, stderr, stdout}))
  })
}

/** `node bin/run.js ARGS` of this checkout, as a command line. */
export function binCommand(args: string[]): string[] {
  return [process.execPath, join(ROOT, 'bin', 'run.js'), ...args]
}

/** Starts `bin/run.js ARGS` with exactly the environment `env`, without waiting. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const [node, ...rest] = binCommand(args)
  const child = spawn(node, rest, {env, stdio: ['ignore', 'pipe', 'pipe']})
  return {child, done: collect(child)}
}

/** Starts `bin/run.js ARGS` against the API at `url` with `token`, without waiting; `env` adds to (or removes from) cliEnvironment. */
export function startCli(url: string, token: string, args: string[], env: Record<string, string | undefined> = {}): CliRun {
  return spawnCli(args, cliEnvironment(url, token, env))
}

export class SandboxSession {
  private constructor(
    readonly url: string,
    readonly token: string,
    private readonly process: ChildProcess,
    private readonly dir: string,
  ) {}

  static async open(options: SessionOptions = {}): Promise<SandboxSession> {
    const dir = mkdtempSync(join(tmpdir(), 'hdm-session-'))
    const token = options.token ?? `sandbox-${randomBytes(12).toString('hex')}`
    const args = ['--port', '0', '--admin', '--token', token, '--state', options.stateFile ?? join(dir, 'state.json'), ...(options.clockArgs ?? MANUAL_CLOCK_ARGS), ...(options.sandboxArgs ?? [])]
    const child = spawn(process.execPath, [options.sandboxBin ?? join(ROOT, 'packages', 'sandbox', 'bin', 'sandbox.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({input: child.stdout!})
      const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 15 s: ${stderr}`)), 15_000)
      lines.on('line', line => {
        const match = /^Sandbox listening on (\S+)$/.exec(line)
        if (match) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
      child.on('exit', code => {
        clearTimeout(timer)
        reject(new Error(`the sandbox exited with ${code}: ${stderr}`))
      })
    })
    return new SandboxSession(url, token, child, dir)
  }

  /** The admin API of the sandbox (clock, faults, request log). */
  async admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return httpJson<T>(method, `${this.url}/__sandbox${path}`, {authorization: `Bearer ${this.token}`}, body)
  }

  async advanceClock(duration: string): Promise<string> {
    const {now} = await this.admin<{now: string}>('POST', '/clock', {advance: duration})
    return now
  }

  /** Calls the Platform API as a user's other tools would (e.g. `heroku maintenance:on`). */
  async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return httpJson<T>(method, `${this.url}${path}`, {accept: 'application/vnd.heroku+json; version=3', authorization: `Bearer ${this.token}`}, body)
  }

  async clearFaults(): Promise<void> {
    await this.admin('DELETE', '/faults')
  }

  async clearRequests(): Promise<void> {
    await this.admin('DELETE', '/requests')
  }

  /** Runs `bin/run.js ARGS` against this sandbox and waits for it. */
  async cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
    return this.start(args, env).done
  }

  /** Stops the sandbox (SIGTERM) and removes its temporary directory. */
  async close(): Promise<void> {
    await this.kill('SIGTERM')
    rmSync(this.dir, {force: true, recursive: true})
  }

  environment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    return cliEnvironment(this.url, this.token, extra)
  }

  async fault(spec: FaultSpec): Promise<void> {
    await this.admin('POST', '/faults', spec)
  }

  /** Sends the sandbox `signal` (e.g. SIGKILL, as a crash would) and waits for it to exit; its state file stays. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return
    const exited = new Promise(resolve => {
      this.process.once('exit', resolve)
    })
    this.process.kill(signal)
    await exited
  }

  async requests(): Promise<LoggedRequest[]> {
    return this.admin<LoggedRequest[]>('GET', '/requests')
  }

  /** Starts `bin/run.js ARGS` without waiting, so that the caller can act while it runs (move the clock, send a signal). */
  start(args: string[], env: Record<string, string | undefined> = {}): CliRun {
    return startCli(this.url, this.token, args, env)
  }
}

/** Requests that change something on the service: everything but GETs and the read-only resolve action. */
export function changingRequests(log: LoggedRequest[]): LoggedRequest[] {
  return log.filter(r => r.method !== 'GET' && !r.path.endsWith('/resolve'))
}

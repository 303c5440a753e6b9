/**
 * `npm run test:compat`: the product as users install it.
 * 1. The project is packed as a fresh clone would pack it (prepack builds) and installed with
 *    `npm install -g` into a new prefix; its commands run from there, against the workspace's sandbox
 *    (packages/sandbox, which the plugin's package does not ship).
 * 2. The official Heroku CLI (heroku@11, in .cache/heroku11) works unchanged against that sandbox, which
 *    proves the sandbox speaks the real wire contract.
 * 3. The same tarball is installed into heroku@11 with `heroku plugins:install file:TGZ`, and the
 *    `data-maintenances:*` commands run through it with the host's default settings (telemetry on):
 *    output, one-line errors, and Ctrl-C: sent to the process group as a terminal sends it, and typed
 *    into a pseudo-terminal (the terminal driver signals the host and its children; spinners are on).
 * Prints what each command printed and exits non-zero on the first mismatch.
 */
import {SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'
import {spawn, spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {ensureOfficialCli, isolatedHome} from './official-cli.js'
import {hasPtyScript, runInPtyAndInterrupt} from './pty.js'
import {changingRequests, type LoggedRequest, ROOT, SandboxSession} from './sandbox-session.js'
import {installGlobally, packFreshTree} from './tarball.js'

interface Check {
  args: string[]
  /** Expected exit code (default 0). */
  exit?: number
  /** Every pattern must be found in stdout+stderr. */
  expect: RegExp[]
  /** No pattern may be found in stdout+stderr. */
  refuse?: RegExp[]
  title: string
}

const APP = 'example-app'
/** The sandbox's binary as the workspace installs it (npm links its bin into node_modules/.bin). */
const SANDBOX_BIN = join(ROOT, 'node_modules', '.bin', 'heroku-data-maintenance-sandbox')

const standaloneChecks: Check[] = [
  {args: ['--version'], expect: [/^heroku-data-maintenance\/\d+\.\d+\.\d+ /], title: 'version'},
  {args: ['data:maintenances', '-a', APP], expect: [/redis-lively-12345/, /postgresql-curved-12345/], title: 'list'},
  {args: ['data:maintenances:info', 'REDIS_URL', '-a', APP, '--json'], expect: [/"name": "redis-lively-12345"/, /"status": "ready"/], title: 'info --json'},
  {args: ['data:maintenances:info', 'NOPE', '-a', APP], exit: 1, expect: [/^Error: Add-on NOPE was not found on app example-app/], title: 'an unknown add-on'},
]

const officialChecks: Check[] = [
  {args: ['data:maintenances', '-a', APP], expect: [/redis-lively-12345/, /postgresql-curved-12345/], title: 'list'},
  {args: ['data:maintenances:info', 'REDIS_URL', '-a', APP], expect: [/addon_name:\s+redis-lively-12345/, /status:\s+ready/], title: 'info'},
  {args: ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP], expect: [/Sundays 14:30/], title: 'window:update'},
  {args: ['data:maintenances:history', 'REDIS_URL', '-a', APP], expect: [/completed/], title: 'history'},
  {args: ['redis:info', '-a', APP], expect: [/redis-lively-12345/, /Maintenance/], title: 'redis:info'},
  {args: ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP], expect: [/maintenance triggered/i], title: 'run --confirm'},
]

const ONE_LINE_ERROR = [/EEXIT/, /^ › /m]

const pluginChecks: Check[] = [
  // Our own output format: times in UTC with the zone, and the relative time.
  {args: ['data-maintenances:info', 'DATABASE', '-a', 'staging-app'], expect: [/^required_by: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/m, /addon_name: postgresql-shaped-67890/], title: 'data-maintenances:info'},
  {args: ['data-maintenances', '-a', APP], expect: [/^Addon\s+Attachments/m, /redis-lively-12345/], title: 'data-maintenances'},
  {args: ['data-maintenances:info', 'NOPE', '-a', APP], exit: 1, expect: [/^Error: Add-on NOPE was not found on app example-app[^\n]*\n$/], refuse: ONE_LINE_ERROR, title: 'an error is one line'},
  {args: ['data-maintenances:history', 'REDIS_URL', '-a', APP, '--num', '50'], exit: 1, expect: [/^Error: --num "50" is not valid[^\n]*\n$/], refuse: ONE_LINE_ERROR, title: 'a usage error is one line'},
]

function report(command: string, check: Check, status: null | number, output: string): boolean {
  const ok = status === (check.exit ?? 0) && check.expect.every(pattern => pattern.test(output)) && !(check.refuse ?? []).some(pattern => pattern.test(output))
  console.log(`\n## ${command} ${check.args.join(' ')}  [${check.title}] → exit ${status} ${ok ? 'OK' : 'FAILED'}`)
  console.log(output.trimEnd().split('\n').map(line => `   ${line}`).join('\n'))
  if (!ok) console.error(`expected exit ${check.exit ?? 0}, ${check.expect.map(String).join(', ')}${check.refuse ? `, and none of ${check.refuse.map(String).join(', ')}` : ''}`)
  return ok
}

function run(bin: string, check: Check, env: NodeJS.ProcessEnv): boolean {
  // Bounded, so that a command that never ends fails its check instead of hanging the run.
  const result = spawnSync(bin, check.args, {encoding: 'utf8', env, timeout: 180_000})
  // The host's own notices (terms of service, updates) are not this plugin's output.
  const stderr = result.stderr.split('\n').filter(line => !/^ ›\s+Warning:|^ ›\s+https:/.test(line)).join('\n')
  return report(bin.endsWith('heroku') ? 'heroku' : 'heroku-data-maintenance', check, result.status, `${result.stdout}${stderr}`)
}

interface InterruptCase {
  args: string[]
  /** stderr shows this once the command is where Ctrl-C should reach it. */
  ready: RegExp
  title: string
}

/**
 * Starts `heroku ARGS` in its own process group, and once it is waiting sends SIGINT to the whole group,
 * as a terminal does for Ctrl-C (the host's telemetry handler gets it too).
 */
function interrupt(heroku: string, test: InterruptCase, env: NodeJS.ProcessEnv): Promise<{output: string; status: null | number}> {
  const child = spawn(heroku, test.args, {detached: true, env, stdio: ['ignore', 'pipe', 'pipe']})
  let output = ''
  let sent = false
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL')
      reject(new Error(`heroku ${test.args.join(' ')} did not reach ${test.ready} or did not end within 60 s:\n${output}`))
    }, 60_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (!sent && test.ready.test(output)) {
        sent = true
        process.kill(-child.pid!, 'SIGINT')
      }
    }

    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('error', reject)
    child.on('close', status => {
      clearTimeout(timer)
      resolve({output, status})
    })
  })
}

function maintenanceModeRequests(log: LoggedRequest[], app: string): LoggedRequest[] {
  return changingRequests(log).filter(request => request.method === 'PATCH' && request.path === `/apps/${app}`)
}

async function interruptChecks(heroku: string, session: SandboxSession, env: NodeJS.ProcessEnv): Promise<boolean> {
  await session.clearRequests()
  const modeRun = {args: ['data-maintenances:run', 'DATABASE', '-a', 'staging-app', '--maintenance-mode'], ready: /postgresql-shaped-67890: running/, title: 'Ctrl-C during run --maintenance-mode'}
  const during = await interrupt(heroku, modeRun, env)
  const app = await session.api<{maintenance: boolean}>('GET', '/apps/staging-app')
  const patches = maintenanceModeRequests(await session.requests(), 'staging-app')
  const modeCheck: Check = {
    args: modeRun.args,
    exit: 130,
    expect: [/Switching maintenance mode back off for staging-app[^\n]*done/, /^Error: Interrupted/m],
    refuse: ONE_LINE_ERROR,
    title: modeRun.title,
  }
  if (!report('heroku', modeCheck, during.status, during.output)) return false
  if (app.maintenance || patches.length !== 2) {
    console.error(`expected staging-app out of maintenance mode after two PATCHes (on, off); it is ${app.maintenance ? 'on' : 'off'} after ${patches.length}`)
    return false
  }

  const waitCase = {args: ['data-maintenances:wait', 'REDIS_URL', '-a', APP], ready: /redis-lively-12345: running/, title: 'Ctrl-C during wait'}
  const waited = await interrupt(heroku, waitCase, env)
  return report('heroku', {args: waitCase.args, exit: 130, expect: [/^Error: Interrupted: stopped waiting for redis-lively-12345/m], refuse: ONE_LINE_ERROR, title: waitCase.title}, waited.status, waited.output)
}

interface PtyCase extends InterruptCase {
  /** What the sandbox must have seen change, `METHOD PATH` in order. */
  changes: string[]
  /** The one `Error: …` line expected. */
  error: string
}

const followCommand = (addon: string, app: string) => `heroku data:maintenances:wait ${addon} -a ${app}`

/**
 * Ctrl-C typed into a pseudo-terminal while `heroku data-maintenances:*` waits, each on a fresh sandbox's
 * world: exit 130, the one error line, maintenance mode back off, and nothing more sent.
 */
async function ptyInterruptChecks(heroku: string, home: Record<string, string>, sandboxBin: string): Promise<boolean> {
  if (!hasPtyScript()) {
    console.error('Ctrl-C on a terminal cannot be checked: util-linux `script` (script -e -c) is not on PATH.')
    return false
  }

  const session = await SandboxSession.open({sandboxBin})
  try {
    const env = hostEnvironment(session, heroku, home)
    const redis = `/data/maintenances/v1/${SEED_IDS.redisLively}`
    const shaped = `/data/maintenances/v1/${SEED_IDS.postgresShaped}`
    // The wait's first status line (`… UTC (+0s) ADDON: running`), not the run's answer (`Maintenance of ADDON: running`).
    const polled = (addon: string) => new RegExp(String.raw`\(\+\d+s\) ${addon}: running`)
    const goesOn = (addon: string, app: string) => `the maintenance itself goes on: follow it again with ${followCommand(addon, app)}.`
    const switchedOff = `Maintenance mode of staging-app is off again, but the failover of postgresql-shaped-67890 may still be running: follow it with ${followCommand('postgresql-shaped-67890', 'staging-app')}.`
    const cases: PtyCase[] = [
      {
        args: ['data-maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP, '--wait', '--interval', '1s'],
        changes: [`POST ${redis}/run`],
        error: `Error: Interrupted: stopped waiting for redis-lively-12345 (last status running); ${goesOn('redis-lively-12345', APP)}`,
        ready: polled('redis-lively-12345'),
        title: 'Ctrl-C on a terminal during run --wait',
      },
      {
        args: ['data-maintenances:run', 'DATABASE', '-a', 'staging-app', '--maintenance-mode', '--interval', '1s'],
        changes: ['PATCH /apps/staging-app', `POST ${shaped}/run`, 'PATCH /apps/staging-app'],
        error: `Error: Interrupted: stopped waiting for postgresql-shaped-67890 (last status running); the maintenance itself goes on. ${switchedOff}`,
        ready: polled('postgresql-shaped-67890'),
        title: 'Ctrl-C on a terminal during run --maintenance-mode',
      },
      {
        args: ['data-maintenances:wait', 'REDIS_URL', '-a', APP, '--interval', '1s'],
        changes: [],
        error: `Error: Interrupted: stopped waiting for redis-lively-12345 (last status running); ${goesOn('redis-lively-12345', APP)}`,
        ready: polled('redis-lively-12345'),
        title: 'Ctrl-C on a terminal during wait',
      },
    ]
    for (const test of cases) {
      await session.clearRequests()
      const {output, status} = await runInPtyAndInterrupt([heroku, ...test.args], {env, ready: test.ready})
      const errors = output.split('\n').filter(line => line.startsWith('Error: '))
      const check: Check = {args: test.args, exit: 130, expect: [], refuse: ONE_LINE_ERROR, title: test.title}
      if (!report('heroku (on a pty)', check, status, output)) return false
      if (errors.length !== 1 || errors[0] !== test.error) {
        console.error(`expected the one error line\n  ${test.error}\ngot\n  ${errors.join('\n  ')}`)
        return false
      }

      const changed = changingRequests(await session.requests()).map(request => `${request.method} ${request.path}`)
      if (changed.join('\n') !== test.changes.join('\n')) {
        console.error(`expected the sandbox to see ${JSON.stringify(test.changes)}, it saw ${JSON.stringify(changed)}`)
        return false
      }
    }

    return true
  } finally {
    await session.close()
  }
}

/** The host as shipped: nothing in the environment switches its telemetry (and so its SIGINT handler) off. */
function hostEnvironment(session: SandboxSession, heroku: string, home: Record<string, string>): NodeJS.ProcessEnv {
  const env = session.environment(home)
  delete env.DISABLE_TELEMETRY
  delete env.IS_HEROKU_TEST_ENV
  // The host runs `heroku` itself for some hooks.
  env.PATH = `${dirname(heroku)}:${env.PATH ?? ''}`
  return env
}

/** JSON with every object's keys in sorted order: `oclif manifest` lists the commands in whatever order it found their files. */
function canonicalJson(text: string): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(item => sorted(item))
    if (value === null || typeof value !== 'object') return value
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b, 'en')).map(([key, item]) => [key, sorted(item)]))
  }

  return JSON.stringify(sorted(JSON.parse(text)))
}

async function main(): Promise<number> {
  const heroku = ensureOfficialCli()
  console.log('## npm pack (of the files a fresh clone has; prepack builds)')
  const packed = packFreshTree()
  if (canonicalJson(packed.manifest) !== canonicalJson(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))) {
    console.error('oclif.manifest.json is stale: the packed build generated another one. Run npm run manifest and commit it.')
    return 1
  }

  console.log(`## npm install --global ${packed.tarball} (into a new prefix)`)
  const bin = installGlobally(packed.tarball)
  const session = await SandboxSession.open({sandboxBin: SANDBOX_BIN})
  try {
    for (const check of standaloneChecks) if (!run(join(bin, 'heroku-data-maintenance'), check, session.environment())) return 1

    // One home for the host throughout: the plugin installed into it below stays installed.
    const home = isolatedHome()
    const env = hostEnvironment(session, heroku, home)
    for (const check of officialChecks) if (!run(heroku, check, env)) return 1
    const runPosts = changingRequests(await session.requests()).filter(r => r.path.endsWith('/run'))
    if (runPosts.length !== 1) {
      console.error(`expected the official run to send one POST …/run, the sandbox saw ${runPosts.length}`)
      return 1
    }

    const install = spawnSync(heroku, ['plugins:install', `file:${packed.tarball}`], {encoding: 'utf8', env})
    console.log(`\n## heroku plugins:install file:${packed.tarball} → exit ${install.status}`)
    if (install.status !== 0) {
      console.error(install.stderr)
      return 1
    }

    // The host checks that every entry of package.json `files` exists after the install and warns otherwise.
    if (/may not work as expected/.test(install.stderr)) {
      console.error(`heroku plugins:install warned:\n${install.stderr}`)
      return 1
    }

    for (const check of pluginChecks) if (!run(heroku, check, env)) return 1
    if (!(await interruptChecks(heroku, session, env))) return 1
    if (!(await ptyInterruptChecks(heroku, home, SANDBOX_BIN))) return 1
    if (!(await realTimeChecks(heroku, bin, home))) return 1
    console.log('\nCompatibility checks passed: the packed package installs and runs on its own and through heroku plugins:install, and heroku@11 works unchanged against the sandbox.')
    return 0
  } finally {
    await session.close()
  }
}

/**
 * In real time (the sandbox's default clock) a started maintenance goes through its steps on its own:
 * the official CLI's `run --wait` and this plugin's, through the host, both come to an end.
 */
async function realTimeChecks(heroku: string, bin: string, home: Record<string, string>): Promise<boolean> {
  console.log('\n## a sandbox in real time (--clock real)')
  const session = await SandboxSession.open({clockArgs: ['--clock', 'real'], sandboxBin: SANDBOX_BIN})
  try {
    const env = hostEnvironment(session, heroku, home)
    const checks: Check[] = [
      {args: ['data:maintenances:run', 'DATABASE', '-a', 'staging-app', '--confirm', 'staging-app', '--wait'], expect: [/maintenance completed/], title: 'heroku@11 run --wait completes'},
      {args: ['data-maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP, '--wait', '--timeout', '2m'], expect: [/completed/i], title: 'data-maintenances:run --wait completes'},
      {args: ['data-maintenances:info', 'DATABASE', '-a', 'staging-app', '--json'], expect: [/"status": "completed"/], title: 'the official run completed'},
    ]
    for (const check of checks) if (!run(heroku, check, env)) return false
    return true
  } finally {
    await session.close()
  }
}

process.exitCode = await main()

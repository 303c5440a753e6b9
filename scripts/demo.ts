/**
 * `npm run demo`: starts the local sandbox API and drives the plugin's real commands against it, printing
 * each command line and its output as a user would see them. Exits non-zero if any step does not behave
 * as shown, so the demo doubles as a smoke test.
 */
import {findRedisServer} from 'heroku-data-maintenance-sandbox/redis/server-process'

import {maskUrlPassword} from '../src/lib/maintenance/redis.js'
import {type CliResult, MANUAL_CLOCK_ARGS, SandboxSession} from './sandbox-session.js'

const APP = 'example-app'
const BIN = 'heroku-data-maintenance'

interface Step {
  args: string[]
  /** The exit code this step must end with. */
  expect: number
  note?: string
  /** Work to do while the command runs (the sandbox clock only moves when told to). */
  during?: (session: SandboxSession, finished: () => boolean) => Promise<void>
}

function show(result: CliResult): void {
  const text = result.interleaved
  if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

/** Moves the simulated clock a minute at a time while `run --wait` polls, as time would pass on Heroku. */
async function letTimePass(session: SandboxSession, finished: () => boolean): Promise<void> {
  for (let i = 0; i < 120 && !finished(); i++) {
    await new Promise(resolve => {
      setTimeout(resolve, 250)
    })
    if (!finished()) await session.advanceClock('PT1M')
  }
}

const steps: Step[] = [
  {args: ['data:maintenances', '-a', APP], expect: 0, note: 'Every data add-on of the app and its maintenance, soonest required first.'},
  {args: ['data:maintenances:info', 'REDIS_URL', '-a', APP], expect: 0, note: 'The maintenance of one add-on, named by its config var.'},
  {args: ['data:maintenances:window', 'REDIS_URL', '-a', APP], expect: 0},
  {args: ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP], expect: 0, note: 'Move the weekly window (UTC start; windows last 4 hours).'},
  {args: ['data:maintenances:window:update', 'REDIS_URL', 'funday', '14:30', '-a', APP], expect: 1, note: 'Bad input is refused before anything is sent (exit 1).'},
  {args: ['data:maintenances:schedule', 'REDIS_URL', '--weeks', '1', '-a', APP], expect: 1, note: 'A move past required_by is refused before anything is sent.'},
  {args: ['data:maintenances:schedule', 'DATABASE', '--weeks', '-1', '-a', 'staging-app'], expect: 0, note: 'Another app: run its Postgres maintenance a week earlier.'},
  {args: ['data:maintenances:run', 'REDIS_URL', '-a', APP], expect: 1, note: 'Running now restarts the app: refused unless the app is in maintenance mode or --confirm names it.'},
  {args: ['data:maintenances:run', 'CACHE_URL', '-a', APP, '--confirm', APP], expect: 1, note: 'Mini plans cannot run maintenance by hand.'},
]

const afterMaintenanceMode: Step[] = [
  {
    args: ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--wait', '--interval', '1s'],
    during: letTimePass,
    expect: 0,
    note: 'With the app in maintenance mode, run it now and wait: standby in sync → promote → REDIS_URL moved (a release) → new standby.',
  },
]

const finalSteps: Step[] = [
  {args: ['data:maintenances:history', 'REDIS_URL', '-a', APP], expect: 0},
  {args: ['redis:info', '-a', APP], expect: 0, note: 'Maintenance: not required, after the run.'},
  {args: ['data:maintenances:info', 'REDIS_URL', '-a', APP, '--json'], expect: 0, note: 'Every command speaks JSON for scripts.'},
]

async function runStep(session: SandboxSession, step: Step): Promise<boolean> {
  if (step.note) console.log(`\n# ${step.note}`)
  console.log(`$ ${BIN} ${step.args.map(a => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`)
  const {child, done} = session.start(step.args)
  let finished = false
  done.then(() => {
    finished = true
  }, () => {})
  const during = step.during?.(session, () => finished || child.exitCode !== null)
  const result = await done
  await during
  show(result)
  if (result.code !== step.expect) {
    console.error(`demo: expected exit code ${step.expect}, got ${result.code}`)
    return false
  }

  if (step.expect !== 0) console.log(`(exit code ${result.code})`)
  return true
}

async function main(): Promise<number> {
  // With redis-server on PATH the Redis add-ons are real primaries and standbys, and `run` fails over for real.
  const realRedis = Boolean(findRedisServer())
  // The manual clock at its fixed start: the demo moves it itself (see `during`), so every run reads the same.
  const session = await SandboxSession.open({clockArgs: MANUAL_CLOCK_ARGS, sandboxArgs: realRedis ? ['--redis'] : []})
  console.log(`Sandbox API running at ${session.url} (a local stand-in for the Heroku Platform and Data APIs).`)
  console.log(realRedis
    ? 'Redis add-ons are real redis-server primaries with standbys on loopback ports: the run below fails over a live database.'
    : 'redis-server is not installed: Redis add-ons are simulated (install Debian\'s redis-server package for real failovers).')
  try {
    for (const step of steps) if (!(await runStep(session, step))) return 1
    console.log(`\n# Turn maintenance mode on, as \`heroku maintenance:on -a ${APP}\` would.`)
    await session.api('PATCH', `/apps/${APP}`, {maintenance: true})
    const before = await session.api<Record<string, string>>('GET', `/apps/${APP}/config-vars`)
    for (const step of afterMaintenanceMode) if (!(await runStep(session, step))) return 1
    const after = await session.api<Record<string, string>>('GET', `/apps/${APP}/config-vars`)
    console.log(`\n# REDIS_URL before: ${maskUrlPassword(before.REDIS_URL)}\n# REDIS_URL after:  ${maskUrlPassword(after.REDIS_URL)}`)
    await session.api('PATCH', `/apps/${APP}`, {maintenance: false})
    console.log(`# Maintenance mode off again, as \`heroku maintenance:off -a ${APP}\` would.`)
    for (const step of finalSteps) if (!(await runStep(session, step))) return 1
    console.log('\nDemo finished: every command behaved as shown.')
    return 0
  } finally {
    await session.close()
  }
}

process.exitCode = await main()

import {expect} from 'chai'
import {join} from 'node:path'

import {hasPtyScript, runInPtyAndInterrupt} from '../../scripts/pty.js'
import {ROOT} from '../../scripts/sandbox-session.js'
import {APP, changingRequests, openSandbox, POSTGRES_SHAPED, REDIS_LIVELY, type SandboxSession} from './helpers.js'

const FOLLOW_REDIS = 'heroku data:maintenances:wait redis-lively-12345 -a example-app'
const REDIS_INTERRUPTED = `Error: Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on: follow it again with ${FOLLOW_REDIS}.`

const sleep = (ms: number) => new Promise<void>(resolve => {
  setTimeout(resolve, ms)
})

/** `METHOD PATH` of the requests that changed something, in the order the sandbox saw them. */
async function changes(session: SandboxSession): Promise<string[]> {
  return changingRequests(await session.requests()).map(request => `${request.method} ${request.path}`)
}

/** Waits (real time) until the sandbox has seen a status poll of `path` after the run's POST. */
async function untilPolledAfterRun(session: SandboxSession, path: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const log = await session.requests()
    const posted = log.findIndex(request => request.method === 'POST' && request.path === `${path}/run`)
    if (posted !== -1 && log.slice(posted).some(request => request.method === 'GET' && request.path === path)) return
    await sleep(50)
  }

  throw new Error(`no poll of ${path} after its run POST reached the sandbox`)
}

/** `node bin/run.js ARGS`, as a command line for the pty. */
function bin(args: string[]): string[] {
  return [process.execPath, join(ROOT, 'bin', 'run.js'), ...args]
}

/** The `Error: …` lines the terminal showed. */
function errorLines(output: string): string[] {
  return output.split('\n').filter(line => line.startsWith('Error: '))
}

/** bin/run.js on a pseudo-terminal, with Ctrl-C typed into it as a person would: SIGINT reaches the whole foreground process group. */
describe('e2e: Ctrl-C typed on a terminal', function () {
  this.timeout(60_000)
  let session: SandboxSession

  before(function () {
    if (!hasPtyScript()) this.skip()
  })

  beforeEach(async () => {
    // A run changes the world for good: each test gets a fresh one.
    session = await openSandbox()
  })

  afterEach(async () => {
    await session?.close()
  })

  it('run --confirm --wait: exit 130, one line saying the maintenance goes on and how to follow it, nothing more sent', async () => {
    const {output, status} = await runInPtyAndInterrupt(bin(['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP, '--wait', '--interval', '1s']), {
      before: () => untilPolledAfterRun(session, REDIS_LIVELY),
      env: session.environment(),
      ready: /\(\+\d+s\) redis-lively-12345: running/,
    })

    expect(status, output).to.equal(130)
    expect(errorLines(output)).to.deep.equal([REDIS_INTERRUPTED])
    expect(output).to.include('Waiting for maintenance of redis-lively-12345... interrupted')
    expect(await changes(session), 'one run POST, and nothing after Ctrl-C').to.deep.equal([`POST ${REDIS_LIVELY}/run`])
  })

  it('run --maintenance-mode: switches it back off once, exit 130, and says the failover may still be running', async () => {
    const {output, status} = await runInPtyAndInterrupt(bin(['data:maintenances:run', 'DATABASE', '-a', 'staging-app', '--maintenance-mode', '--interval', '1s']), {
      before: () => untilPolledAfterRun(session, POSTGRES_SHAPED),
      env: session.environment(),
      ready: /\(\+\d+s\) postgresql-shaped-67890: running/,
    })

    expect(status, output).to.equal(130)
    expect(output).to.match(/^Switching maintenance mode back off for staging-app, as it was before\.\.\. done$/m)
    expect(errorLines(output)).to.deep.equal([
      'Error: Interrupted: stopped waiting for postgresql-shaped-67890 (last status running); the maintenance itself goes on. Maintenance mode of staging-app is off again, '
      + 'but the failover of postgresql-shaped-67890 may still be running: follow it with heroku data:maintenances:wait postgresql-shaped-67890 -a staging-app.',
    ])
    expect(await changes(session)).to.deep.equal(['PATCH /apps/staging-app', `POST ${POSTGRES_SHAPED}/run`, 'PATCH /apps/staging-app'])
    expect((await session.api<{maintenance: boolean}>('GET', '/apps/staging-app')).maintenance).to.equal(false)
  })

  it('wait: exit 130 with the command that follows it again, and sends nothing', async () => {
    await session.api('POST', `${REDIS_LIVELY}/run`)
    await session.clearRequests()

    const {output, status} = await runInPtyAndInterrupt(bin(['data:maintenances:wait', 'REDIS_URL', '-a', APP, '--interval', '1s']), {
      env: session.environment(),
      ready: /\(\+\d+s\) redis-lively-12345: running/,
    })

    expect(status, output).to.equal(130)
    expect(errorLines(output)).to.deep.equal([REDIS_INTERRUPTED])
    expect(await changes(session)).to.deep.equal([])
  })
})

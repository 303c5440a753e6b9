import {expect} from 'chai'

import {hasPtyScript, runInPtyAndInterrupt} from '../../scripts/pty.js'
import {binCommand} from '../helpers/cli.js'
import {errorLines} from '../helpers/output.js'
import {APP, changesSeen, POSTGRES_SHAPED, REDIS_LIVELY, type SandboxSession, untilRunPosted, useFreshSandbox} from '../helpers/sandbox.js'

const FOLLOW_REDIS = 'heroku data:maintenances:wait redis-lively-12345 -a example-app'
const REDIS_INTERRUPTED = `Error: Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on: follow it again with ${FOLLOW_REDIS}.`

/** bin/run.js on a pseudo-terminal, with Ctrl-C typed into it as a person would: SIGINT reaches the whole foreground process group. */
describe('e2e: Ctrl-C typed on a terminal', function () {
  this.timeout(60_000)
  let session: SandboxSession

  before(function () {
    if (!hasPtyScript()) this.skip()
  })

  // A run changes the world for good: each test gets a fresh one.
  useFreshSandbox(opened => {
    session = opened
  })

  it('run --confirm --wait: exit 130, one line saying the maintenance goes on and how to follow it, nothing more sent', async () => {
    const {output, status} = await runInPtyAndInterrupt(binCommand(['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP, '--wait', '--interval', '1s']), {
      before: () => untilRunPosted(session, REDIS_LIVELY, {polled: true}),
      env: session.environment(),
      ready: /\(\+\d+s\) redis-lively-12345: running/,
    })

    expect(status, output).to.equal(130)
    expect(errorLines(output)).to.deep.equal([REDIS_INTERRUPTED])
    expect(output).to.include('Waiting for maintenance of redis-lively-12345... interrupted')
    expect(await changesSeen(session), 'one run POST, and nothing after Ctrl-C').to.deep.equal([`POST ${REDIS_LIVELY}/run`])
  })

  it('run --maintenance-mode: switches it back off once, exit 130, and says the failover may still be running', async () => {
    const {output, status} = await runInPtyAndInterrupt(binCommand(['data:maintenances:run', 'DATABASE', '-a', 'staging-app', '--maintenance-mode', '--interval', '1s']), {
      before: () => untilRunPosted(session, POSTGRES_SHAPED, {polled: true}),
      env: session.environment(),
      ready: /\(\+\d+s\) postgresql-shaped-67890: running/,
    })

    expect(status, output).to.equal(130)
    expect(output).to.match(/^Switching maintenance mode back off for staging-app, as it was before\.\.\. done$/m)
    expect(errorLines(output)).to.deep.equal([
      'Error: Interrupted: stopped waiting for postgresql-shaped-67890 (last status running); the maintenance itself goes on. Maintenance mode of staging-app is off again, '
      + 'but the failover of postgresql-shaped-67890 may still be running: follow it with heroku data:maintenances:wait postgresql-shaped-67890 -a staging-app.',
    ])
    expect(await changesSeen(session)).to.deep.equal(['PATCH /apps/staging-app', `POST ${POSTGRES_SHAPED}/run`, 'PATCH /apps/staging-app'])
    expect((await session.api<{maintenance: boolean}>('GET', '/apps/staging-app')).maintenance).to.equal(false)
  })

  it('wait: exit 130 with the command that follows it again, and sends nothing', async () => {
    await session.api('POST', `${REDIS_LIVELY}/run`)
    await session.clearRequests()

    const {output, status} = await runInPtyAndInterrupt(binCommand(['data:maintenances:wait', 'REDIS_URL', '-a', APP, '--interval', '1s']), {
      env: session.environment(),
      ready: /\(\+\d+s\) redis-lively-12345: running/,
    })

    expect(status, output).to.equal(130)
    expect(errorLines(output)).to.deep.equal([REDIS_INTERRUPTED])
    expect(await changesSeen(session)).to.deep.equal([])
  })
})

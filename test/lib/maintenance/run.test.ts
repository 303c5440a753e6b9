import {expect} from 'chai'
import {PassThrough} from 'node:stream'

import type {PlatformApi} from '../../../src/lib/api/platform.js'

import {ApiError, InterruptedError, ValidationError} from '../../../src/lib/errors.js'
import {askOnTerminal, confirmByTypingAppName, type ConfirmPrompt, terminalPrompt} from '../../../src/lib/maintenance/confirm-prompt.js'
import {approveRun, confirmGate, previewRun, runOutcome} from '../../../src/lib/maintenance/run.js'
import {describeRunOutcome, explainRunOutcome} from '../../../src/lib/present/run.js'
import {aMaintenance, anAddon, anApp} from '../../helpers/fixtures.js'

/** A PlatformApi that answers getApp with this app and records what was asked. */
function platformWith(app = anApp()) {
  const asked: string[] = []
  const platform = {
    async getApp(name: string) {
      asked.push(name)
      return app
    },
  } as unknown as PlatformApi
  return {asked, platform}
}

describe('confirmGate', () => {
  const addonName = 'redis-lively-12345'

  it('passes with --confirm naming the app, saying so', () => {
    expect(confirmGate({addonName, app: anApp(), confirm: 'example-app'})).to.deep.equal({consent: 'confirmed', passes: true, reason: '--confirm names example-app'})
  })

  it('passes while the app is in maintenance mode, with or without --maintenance-mode', () => {
    const gate = {consent: 'maintenance_mode', passes: true, reason: 'example-app is in maintenance mode'}
    expect(confirmGate({addonName, app: anApp({maintenance: true})})).to.deep.equal(gate)
    expect(confirmGate({addonName, app: anApp({maintenance: true}), maintenanceModeFlag: true})).to.deep.equal(gate)
  })

  it('passes with --maintenance-mode, which puts the app in maintenance mode first', () => {
    expect(confirmGate({addonName, app: anApp(), maintenanceModeFlag: true})).to.deep.equal({
      consent: 'maintenance_mode_flag',
      passes: true,
      reason: '--maintenance-mode switches example-app into maintenance mode for the run',
    })
  })

  it('does not pass otherwise, saying what the run would do (it never prompts itself)', () => {
    expect(confirmGate({addonName, app: anApp()})).to.deep.equal({
      consent: null,
      passes: false,
      reason: 'example-app is not in maintenance mode and no --confirm was given: at a terminal it asks you to type example-app; elsewhere it is refused',
    })
  })

  it('refuses a --confirm naming another app', () => {
    expect(() => confirmGate({addonName, app: anApp({maintenance: true}), confirm: 'other-app'})).to.throw(ValidationError, '--confirm "other-app" does not match example-app')
  })
})

/** A prompt that answers `answer` and records what it was asked; `interactive` says whether anyone could answer. */
function promptAnswering(answer: string, interactive = true) {
  const asked: string[] = []
  const prompt: ConfirmPrompt = {
    async ask(question) {
      asked.push(question)
      return answer
    },
    interactive: () => interactive,
  }
  return {asked, prompt}
}

const QUESTION = 'Maintenance on redis-lively-12345 restarts example-app, which is not in maintenance mode.\nTo start it now, type the app name (example-app); press Enter to cancel: '

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }

  throw new Error('expected a failure')
}

describe('confirmByTypingAppName', () => {
  it('accepts the app name typed exactly (surrounding spaces aside)', async () => {
    const {asked, prompt} = promptAnswering('  example-app ')

    await confirmByTypingAppName({addonName: 'redis-lively-12345', app: anApp(), prompt})

    expect(asked).to.deep.equal([QUESTION])
  })

  it('refuses the default (empty) answer', async () => {
    const error = await failureOf(confirmByTypingAppName({addonName: 'redis-lively-12345', app: anApp(), prompt: promptAnswering('').prompt}))

    expect(error).to.be.instanceOf(ValidationError)
    expect(error.message).to.equal('Cancelled: maintenance on redis-lively-12345 was not started.')
  })

  for (const answer of ['example', 'Example-App', 'y', 'yes']) {
    it(`refuses ${JSON.stringify(answer)}, naming it`, async () => {
      const error = await failureOf(confirmByTypingAppName({addonName: 'redis-lively-12345', app: anApp(), prompt: promptAnswering(answer).prompt}))

      expect(error).to.be.instanceOf(ValidationError)
      expect(error.message).to.equal(`${JSON.stringify(answer)} does not match example-app: maintenance on redis-lively-12345 was not started.`)
    })
  }
})

describe('askOnTerminal', () => {
  it('writes the question and resolves the line typed', async () => {
    const input = new PassThrough()
    const output = new PassThrough()
    let written = ''
    output.on('data', chunk => {
      written += String(chunk)
    })

    const answer = askOnTerminal('Type it: ', {input, output})
    input.write('example-app\n')

    expect(await answer).to.equal('example-app')
    expect(written).to.equal('Type it: ')
  })

  it('answers nothing when the input ends (Ctrl-D)', async () => {
    const input = new PassThrough()
    const answer = askOnTerminal('Type it: ', {input, output: new PassThrough()})
    input.end()

    expect(await answer).to.equal('')
  })

  it('rejects with InterruptedError on Ctrl-C at a terminal', async () => {
    const input = new PassThrough()
    const answer = askOnTerminal('Type it: ', {input, output: new PassThrough(), terminal: true})
    input.write('exam\u0003')

    const error = await failureOf(answer)
    expect(error).to.be.instanceOf(InterruptedError)
    expect(error.message).to.equal('Interrupted: maintenance was not started.')
  })
})

describe('terminalPrompt.interactive', () => {
  const saved = {stderr: Object.getOwnPropertyDescriptor(process.stderr, 'isTTY'), stdin: Object.getOwnPropertyDescriptor(process.stdin, 'isTTY')}

  function setTerminals(stdin: boolean, stderr: boolean) {
    Object.defineProperty(process.stdin, 'isTTY', {configurable: true, value: stdin})
    Object.defineProperty(process.stderr, 'isTTY', {configurable: true, value: stderr})
  }

  afterEach(() => {
    for (const [name, descriptor] of Object.entries(saved)) {
      const stream = name === 'stdin' ? process.stdin : process.stderr
      if (descriptor) Object.defineProperty(stream, 'isTTY', descriptor)
      else delete (stream as {isTTY?: boolean}).isTTY
    }
  })

  it('is true only when both stdin and stderr are terminals', () => {
    setTerminals(true, true)
    expect(terminalPrompt.interactive()).to.equal(true)
    setTerminals(false, true)
    expect(terminalPrompt.interactive()).to.equal(false)
    setTerminals(true, false)
    expect(terminalPrompt.interactive()).to.equal(false)
  })
})

describe('approveRun', () => {
  describe('at a terminal, without consent', () => {
    it('asks for the app name and lets the run start when it is typed', async () => {
      const {platform} = platformWith()
      const {asked, prompt} = promptAnswering('example-app')

      expect(await approveRun(platform, anAddon(), undefined, prompt)).to.deep.equal({app: anApp(), consent: 'typed'})
      expect(asked).to.deep.equal([QUESTION])
    })

    it('refuses a wrong answer', async () => {
      const {platform} = platformWith()

      const error = await failureOf(approveRun(platform, anAddon(), undefined, promptAnswering('nope').prompt))

      expect(error).to.be.instanceOf(ValidationError)
      expect(error.message).to.equal('"nope" does not match example-app: maintenance on redis-lively-12345 was not started.')
    })

    it('does not ask when the app is in maintenance mode or --confirm names it', async () => {
      const {asked, prompt} = promptAnswering('example-app')

      expect((await approveRun(platformWith(anApp({maintenance: true})).platform, anAddon(), undefined, prompt)).consent).to.equal('maintenance_mode')
      expect((await approveRun(platformWith().platform, anAddon(), 'example-app', prompt)).consent).to.equal('confirmed')
      expect(asked).to.deep.equal([])
    })
  })

  it('never asks without a terminal: it refuses with the --confirm hint', async () => {
    const {asked, prompt} = promptAnswering('example-app', false)

    const error = await failureOf(approveRun(platformWith().platform, anAddon(), undefined, prompt))

    expect(error).to.be.instanceOf(ValidationError)
    const ways = 'pass --confirm example-app (or turn maintenance mode on first: heroku maintenance:on -a example-app)'
    expect(error.message).to.equal(`Maintenance on redis-lively-12345 restarts example-app, which is not in maintenance mode. To run it anyway, ${ways}.`)
    expect(asked).to.deep.equal([])
  })

  it('reads the app that owns the add-on and checks consent', async () => {
    const {asked, platform} = platformWith(anApp({maintenance: true, name: 'owner-app'}))

    const approval = await approveRun(platform, anAddon({app: {id: 'x', name: 'owner-app'}}))

    expect(asked).to.deep.equal(['owner-app'])
    expect(approval).to.deep.equal({app: anApp({maintenance: true, name: 'owner-app'}), consent: 'maintenance_mode'})
  })

  it('refuses a plan without manual maintenance before reading the app', async () => {
    const {asked, platform} = platformWith()

    let error: unknown
    try {
      await approveRun(platform, anAddon({plan: {name: 'heroku-redis:mini'}}), 'example-app')
    } catch (error_) {
      error = error_
    }

    expect(error).to.be.instanceOf(ValidationError)
    expect((error as Error).message).to.equal('redis-lively-12345 is on the heroku-redis:mini plan, which cannot run maintenance manually; only premium, private, shield plans can.')
    expect(asked).to.deep.equal([])
  })

  it('passes an API error from reading the app through', async () => {
    const failure = new ApiError({id: 'forbidden', message: 'Forbidden.', method: 'GET', path: '/apps/example-app', status: 403})
    const platform = {
      async getApp() {
        throw failure
      },
    } as unknown as PlatformApi

    let error: unknown
    try {
      await approveRun(platform, anAddon(), 'example-app')
    } catch (error_) {
      error = error_
    }

    expect(error).to.equal(failure)
  })
})

describe('runOutcome', () => {
  const passes = confirmGate({addonName: 'redis-lively-12345', app: anApp({maintenance: true})})
  const closed = confirmGate({addonName: 'redis-lively-12345', app: anApp()})

  it('would start a ready maintenance now when the gate passes', () => {
    const outcome = runOutcome({explain: explainRunOutcome, app: anApp({maintenance: true}), current: aMaintenance({status: 'ready'}), gate: passes, maintenanceModeFlag: false, wait: false})

    expect(outcome).to.deep.equal({
      confirm_gate: {consent: 'maintenance_mode', passes: true, reason: 'example-app is in maintenance mode'},
      current_status: 'ready',
      maintenance_mode: {on: true, would_switch_on_and_off: false},
      scheduled_for: '2026-11-27T18:00:00.000+00:00',
      would_start_now: true,
      would_wait: false,
      why: 'it is ready, scheduled for 2026-11-27 18:00:00 UTC: it would start now',
    })
    expect(describeRunOutcome(outcome)).to.deep.equal({
      confirm_gate: 'passes: example-app is in maintenance mode',
      maintenance_mode: 'on (left on)',
      would_start_now: 'yes: it is ready, scheduled for 2026-11-27 18:00:00 UTC: it would start now',
      would_wait: 'no',
    })
  })

  it('would not start when the gate does not pass', () => {
    const outcome = runOutcome({explain: explainRunOutcome, app: anApp(), current: aMaintenance({status: 'ready'}), gate: closed, maintenanceModeFlag: false, wait: true})

    expect(outcome.would_start_now).to.equal(false)
    expect(outcome.why).to.equal('the confirm gate would not pass')
    expect(describeRunOutcome(outcome).confirm_gate).to.equal(`would not pass: ${closed.reason}`)
    expect(describeRunOutcome(outcome).would_wait).to.equal('yes, until it completes')
  })

  it('says --maintenance-mode would switch the mode on and off, and wait', () => {
    const gate = confirmGate({addonName: 'redis-lively-12345', app: anApp(), maintenanceModeFlag: true})
    const outcome = runOutcome({explain: explainRunOutcome, app: anApp(), current: aMaintenance({status: 'pending'}), gate, maintenanceModeFlag: true, wait: false})

    expect(outcome.maintenance_mode).to.deep.equal({on: false, would_switch_on_and_off: true})
    expect(outcome.would_wait).to.equal(true)
    expect(describeRunOutcome(outcome).maintenance_mode).to.equal('off: would be switched on before the run and off after it')
  })

  for (const [status, why] of [
    ['running', 'it is already running'],
    ['none', 'there is no maintenance to start (status none)'],
    ['completed', 'there is no maintenance to start (status completed)'],
  ] as const) {
    it(`would not start a maintenance whose status is ${status}`, () => {
      const outcome = runOutcome({explain: explainRunOutcome, app: anApp({maintenance: true}), current: aMaintenance({scheduled_for: null, status}), gate: passes, maintenanceModeFlag: false, wait: false})

      expect(outcome.would_start_now).to.equal(false)
      expect(outcome.why).to.equal(why)
    })
  }
})

/** Fake APIs that record each read; they have no way to change anything. */
function reads(app = anApp()) {
  const calls: string[] = []
  const apis = {
    data: {
      async history(id: string, limit: number) {
        calls.push(`history ${id} ${limit}`)
        return [aMaintenance({duration_seconds: '186', status: 'completed'})]
      },
      async info(id: string) {
        calls.push(`info ${id}`)
        return aMaintenance({status: 'ready'})
      },
    },
    platform: {
      async getApp(name: string) {
        calls.push(`app ${name}`)
        return app
      },
    },
  }
  return {apis, calls}
}

describe('previewRun', () => {
  it('reads the app, the maintenance and 20 past ones, and answers the dry-run shape', async () => {
    const {apis, calls} = reads()

    const preview = await previewRun(apis, anAddon(), {confirm: 'example-app', explain: explainRunOutcome, maintenanceMode: false, wait: false})

    expect(calls).to.deep.equal(['app example-app', 'info addon-id-1', 'history addon-id-1 20'])
    expect(preview).to.deep.include({action: 'run', addon: 'redis-lively-12345', app: 'example-app', dry_run: true})
    expect(preview.outcome.confirm_gate).to.deep.equal({consent: 'confirmed', passes: true, reason: '--confirm names example-app'})
    expect(preview.impact.expected_duration_seconds).to.deep.equal({longest: 186, median: 186, samples: 1})
  })

  it('refuses a plan without manual maintenance before reading anything', async () => {
    const {apis, calls} = reads()

    const error = await failureOf(previewRun(apis, anAddon({plan: {name: 'heroku-redis:mini'}}), {explain: explainRunOutcome, maintenanceMode: false, wait: false}))

    expect(error).to.be.instanceOf(ValidationError)
    expect(calls).to.deep.equal([])
  })

  it('refuses a --confirm naming another app before reading the maintenance', async () => {
    const {apis, calls} = reads()

    const error = await failureOf(previewRun(apis, anAddon(), {confirm: 'other-app', explain: explainRunOutcome, maintenanceMode: false, wait: false}))

    expect(error).to.be.instanceOf(ValidationError)
    expect(calls).to.deep.equal(['app example-app'])
  })
})

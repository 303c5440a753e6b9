import {expect} from 'chai'
import * as fc from 'fast-check'
import {DateTime} from 'luxon'

import {changingRequests, MANUAL_CLOCK_ARGS, type SandboxSession, useFreshSandbox} from '../helpers/sandbox.js'

// What --dry-run predicts is what the real call then does, against the sandbox, in both clock modes.
// Each command line is run twice: first with --dry-run (which must send nothing that changes), then for
// real; the prediction and the answer are compared field by field, refusals included.

interface Target {
  app: string
  name: string
}

const TARGETS: Target[] = [
  {app: 'example-app', name: 'REDIS_URL'},
  {app: 'staging-app', name: 'DATABASE_URL'},
  {app: 'example-app', name: 'DATABASE_URL'},
  {app: 'example-app', name: 'CACHE_URL'},
]
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const MODES = [
  {args: MANUAL_CLOCK_ARGS, name: 'manual clock'},
  {args: ['--clock', 'real'], name: 'real clock'},
]

/** A refusal without the moment it was written ("it is now …" moves on between the two runs). */
const refusal = (error: {message: string}) => ({...error, message: error.message.replace(/\(it is now [^)]*\)/, '(it is now …)')})

const instant = (text: unknown) => DateTime.fromISO(String(text), {setZone: true}).toMillis()

async function pair(session: SandboxSession, args: string[]) {
  const before = (await session.requests()).length
  const dry = await session.cli([...args, '--dry-run', '--json'])
  const sentByDryRun = changingRequests((await session.requests()).slice(before))
  expect(sentByDryRun, `--dry-run sent a change: ${args.join(' ')}`).to.deep.equal([])
  const real = await session.cli([...args, '--json'])
  const where = `${args.join(' ')}\ndry: ${dry.stdout}\nreal: ${real.stdout}`
  expect(real.code, where).to.equal(dry.code)
  return {dry: JSON.parse(dry.stdout), real: JSON.parse(real.stdout), where}
}

for (const mode of MODES) {
  describe(`e2e: --dry-run tells the truth (${mode.name})`, function () {
    this.timeout(240_000)
    let session: SandboxSession

    useFreshSandbox(opened => {
      session = opened
    }, {clockArgs: mode.args})

    it('window:update: the window, the previous window and the maintenance\'s new time', async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...TARGETS), fc.constantFrom(...DAYS), fc.integer({max: 23, min: 0}), fc.constantFrom('00', '30'), async (target, day, hour, minute) => {
        const time = `${String(hour).padStart(2, '0')}:${minute}`
        const {dry, real, where} = await pair(session, ['data:maintenances:window:update', target.name, '-a', target.app, day, time])
        if (dry.error) {
          expect(refusal(real.error), where).to.deep.equal(refusal(dry.error))
          return
        }

        expect(real.window, where).to.equal(dry.outcome.window)
        expect(real.previous_window, where).to.equal(dry.outcome.previous_window)
        // The maintenance moves into the new window: the time the dry run estimated is the one the service chose.
        const estimate = dry.outcome.next_maintenance_estimate
        expect(real.scheduled_at ? instant(real.scheduled_at) : null, where).to.equal(estimate ? instant(estimate) : null)
      }), {numRuns: 8, seed: 14})
    })

    it('schedule: the new time and the refusals', async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...TARGETS), fc.integer({max: 3, min: -3}).filter(weeks => weeks !== 0), async (target, weeks) => {
        const {dry, real, where} = await pair(session, ['data:maintenances:schedule', target.name, '-a', target.app, `--weeks=${weeks}`])
        if (dry.error) {
          expect(refusal(real.error), where).to.deep.equal(refusal(dry.error))
          return
        }

        expect(instant(real.scheduled_for), where).to.equal(instant(dry.outcome.scheduled_for))
        expect(instant(real.previously_scheduled_for), where).to.equal(instant(dry.outcome.previously_scheduled_for))
      }), {numRuns: 8, seed: 14})
    })

    it('run --confirm: whether it starts, and the refusals', async () => {
      for (const target of TARGETS) {
        const {dry, real, where} = await pair(session, ['data:maintenances:run', target.name, '-a', target.app, '--confirm', target.app])
        if (dry.error) {
          expect(refusal(real.error), where).to.deep.equal(refusal(dry.error))
          continue
        }

        expect(dry.outcome.would_start_now, where).to.equal(true)
        expect(real, where).to.be.an('object')
        const after = JSON.parse((await session.cli(['data:maintenances:info', target.name, '-a', target.app, '--json'])).stdout)
        expect(after.status, where).to.be.oneOf(['running', 'completed'])
      }
    })
  })
}

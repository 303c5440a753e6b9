/**
 * `npm run demo:roll`: a small fleet rolled onto a new server image by the sandbox, on its real clock at
 * high --speed. Once the maintenances are scheduled, the owner of one app runs theirs early through the
 * plugin (`data:maintenances:run --confirm`); the service does the rest. Progress goes to stderr while it
 * runs, a summary to stdout at the end. Exits non-zero unless the roll completed with an owner-run and
 * service-run maintenances, within the concurrency and the operator's hours.
 */
import {SandboxSession} from './sandbox-session.js'

const APPS = 6
const SPEED = 100_000
const CONCURRENCY = 2
const ON_CALL = {zone: 'America/Los_Angeles', start: '09:00', end: '17:00'}
const OWNER_APP = 'fleet-app-001'
const POLL_MS = 250
const LIMIT_MS = 150_000

interface RollStep {
  at: string
  step: string
  [detail: string]: string
}

interface Roll {
  id: string
  status: string
  created_at: string
  completed_at: null | string
  addons: Array<{app: string; ha: boolean; name: string; plan: string; ran_by: null | string; steps: RollStep[]}>
  max_concurrency_seen: number
  operations_outside_on_call: number
  paged: unknown[]
}

const sleep = (ms: number) => new Promise(resolve => {
  setTimeout(resolve, ms)
})

function progressLine(roll: Roll, clock: string): string {
  const settled = roll.addons.filter(addon => ['completed', 'held'].includes(addon.steps.at(-1)?.step ?? '')).length
  const replaced = roll.addons.filter(addon => addon.steps.some(step => step.step === 'standby_replaced')).length
  const byOwner = roll.addons.filter(addon => addon.ran_by === 'owner').length
  return `[${clock.slice(0, 16)}Z] ${roll.status.padEnd(22)} standbys replaced ${replaced}/${roll.addons.filter(addon => addon.ha).length}, done ${settled}/${roll.addons.length}, run early by owners ${byOwner}`
}

function summary(roll: Roll): string[] {
  const days = roll.completed_at ? (Date.parse(roll.completed_at) - Date.parse(roll.created_at)) / 86_400_000 : Number.NaN
  const width = Math.max(...roll.addons.map(addon => addon.name.length))
  const lines = [`Roll ${roll.id}: ${roll.status} in ${days.toFixed(1)} simulated days.`, '']
  for (const addon of roll.addons) {
    const scheduled = addon.steps.find(step => step.step === 'scheduled')?.scheduled_for ?? '-'
    const completed = addon.steps.find(step => step.step === 'completed')?.at ?? '-'
    lines.push(`${addon.name.padEnd(width)}  ${addon.plan.padEnd(28)}  scheduled ${scheduled.slice(0, 16).padEnd(16)}  completed ${completed.slice(0, 16).padEnd(16)}  by ${addon.ran_by ?? '-'}`)
  }

  const count = (by: string) => roll.addons.filter(addon => addon.ran_by === by).length
  lines.push('', `Run early by their owner: ${count('owner')}; by the service: ${count('service')}; paged: ${roll.paged.length}.`, `Most operations at once: ${roll.max_concurrency_seen} (limit ${CONCURRENCY}); started outside on-call hours: ${roll.operations_outside_on_call}.`)
  return lines
}

async function main(): Promise<number> {
  const session = await SandboxSession.open({clockArgs: ['--clock', 'real', '--speed', String(SPEED)], sandboxArgs: ['--seed', `fleet:${APPS}`]})
  try {
    process.stderr.write(`demo:roll: sandbox at ${session.url}, fleet:${APPS} (${APPS * 2} add-ons), clock ${SPEED}× real time\n`)
    const {id} = await session.admin<{id: string}>('POST', '/rolls', {image: 'kv-7.2.5-patched', concurrency: CONCURRENCY, on_call: ON_CALL})
    let ranEarly = false
    let last = ''
    let roll = await session.admin<Roll>('GET', `/rolls/${id}`)
    const started = Date.now()
    while (roll.status !== 'completed' && Date.now() - started < LIMIT_MS) {
      const {now} = await session.admin<{now: string}>('GET', '/clock')
      const line = progressLine(roll, now)
      if (line.slice(20) !== last) process.stderr.write(`${line}\n`)
      last = line.slice(20)
      if (!ranEarly && roll.status === 'maintaining') {
        ranEarly = true
        const args = ['data:maintenances:run', 'REDIS_URL', '-a', OWNER_APP, '--confirm', OWNER_APP]
        process.stderr.write(`$ heroku-data-maintenance ${args.join(' ')}\n`)
        const result = await session.cli(args)
        process.stderr.write(result.interleaved)
        if (result.code !== 0) throw new Error(`the owner's run exited ${result.code}`)
      }

      await sleep(POLL_MS)
      roll = await session.admin<Roll>('GET', `/rolls/${id}`)
    }

    for (const line of summary(roll)) console.log(line)
    const owner = roll.addons.some(addon => addon.ran_by === 'owner')
    const service = roll.addons.some(addon => addon.ran_by === 'service')
    const safe = roll.max_concurrency_seen <= CONCURRENCY && roll.operations_outside_on_call === 0
    if (roll.status !== 'completed' || !owner || !service || !safe) {
      console.error('demo:roll: the roll did not complete as described')
      return 1
    }

    console.log('\nDemo finished: the fleet is on the new image.')
    return 0
  } finally {
    await session.close()
  }
}

process.exitCode = await main()

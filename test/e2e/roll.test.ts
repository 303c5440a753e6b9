import {expect} from 'chai'

import {APP, type SandboxSession, useSandbox} from '../helpers/sandbox.js'

interface RollAddon {
  name: string
  app: string
  ha: boolean
  steps: Array<{at: string; step: string; [detail: string]: string}>
  ran_by: 'owner' | 'service' | null
}

interface Roll {
  id: string
  status: string
  addons: RollAddon[]
  max_concurrency_seen: number
  operations_outside_on_call: number
  paged: unknown[]
}

interface Maintenance {
  addon: {name: string}
  status: string
  scheduled_for: null | string
}

const ON_CALL = {zone: 'America/Los_Angeles', start: '09:00', end: '17:00'}

function entry(current: Roll, name: string): RollAddon {
  return current.addons.find(addon => addon.name === name) as RollAddon
}

// An app owner's view of a fleet roll: the plugin shows what the roll scheduled and runs one early.
describe('e2e: a fleet roll seen and run early through the plugin', function () {
  this.timeout(180_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  const roll = (id: string) => session.admin<Roll>('GET', `/rolls/${id}`)

  it('shows the scheduled maintenance, runs one early (ran_by owner), and the service does the rest', async () => {
    const {id} = await session.admin<{id: string}>('POST', '/rolls', {image: 'kv-7.2.5', concurrency: 2, on_call: ON_CALL})
    let current = await roll(id)
    for (let i = 0; i < 24 && current.status === 'replacing_standbys'; i++) {
      await session.advanceClock('PT1H')
      current = await roll(id)
    }

    expect(current.status).to.equal('maintaining')
    const scheduledFor = entry(current, 'redis-lively-12345').steps.find(step => step.step === 'scheduled')!.scheduled_for

    const list = await session.cli(['data:maintenances', '-a', APP, '--json'])
    expect(list.code, list.stderr).to.equal(0)
    const rows = JSON.parse(list.stdout) as Maintenance[]
    expect(rows.find(row => row.addon.name === 'redis-lively-12345')).to.include({status: 'ready', scheduled_for: scheduledFor})

    const info = await session.cli(['data:maintenances:info', 'REDIS_URL', '-a', APP])
    expect(info.code, info.stderr).to.equal(0)
    expect(info.stdout).to.match(/ready/i)
    expect(info.stdout).to.include(scheduledFor.slice(0, 10))

    const run = await session.cli(['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP, '--json'])
    expect(run.code, run.stderr).to.equal(0)
    expect((JSON.parse(run.stdout) as Maintenance).status).to.equal('running')

    for (let i = 0; i < 200 && current.status !== 'completed'; i++) {
      await session.advanceClock('PT6H')
      current = await roll(id)
    }

    expect(current.status).to.equal('completed')
    expect(entry(current, 'redis-lively-12345').ran_by).to.equal('owner')
    expect(current.addons.filter(addon => addon.name !== 'redis-lively-12345').map(addon => addon.ran_by)).to.deep.equal(['service', 'service', 'service'])
    expect(current.operations_outside_on_call).to.equal(0)
    expect(current.max_concurrency_seen).to.be.at.most(2)

    const after = await session.cli(['data:maintenances:info', 'REDIS_URL', '-a', APP, '--json'])
    expect((JSON.parse(after.stdout) as Maintenance).status).to.equal('completed')

    const notifications = await session.admin<Array<{addon: string; kind: string}>>('GET', `/notifications?app=${APP}`)
    expect(notifications.filter(note => note.addon === 'redis-lively-12345').map(note => note.kind)).to.deep.equal(['maintenance_scheduled', 'maintenance_completed'])
    expect(notifications.filter(note => note.addon === 'redis-tiny-54321').map(note => note.kind)).to.deep.equal(['server_replaced'])
  })
})

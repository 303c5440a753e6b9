import {expect} from 'chai'
import {startSandbox} from 'heroku-data-maintenance-sandbox/server'
import {findStateProblem, loadStateFile, saveStateFile, StateFileError} from 'heroku-data-maintenance-sandbox/state'
import * as fs from 'node:fs'
import * as path from 'node:path'

import {callSandbox, startTestSandbox, temporaryDirectory, TOKEN} from './helpers.js'

describe('sandbox state file', () => {
  let directory: string

  beforeEach(() => {
    directory = temporaryDirectory()
  })

  afterEach(() => {
    fs.rmSync(directory, {force: true, recursive: true})
  })

  it('is written at start, after every change, and loaded again on restart', async () => {
    const first = await startTestSandbox({}, directory)
    const saved = JSON.parse(fs.readFileSync(first.stateFile, 'utf8'))
    expect(saved).to.include({version: 3, seed: 'demo', clock: '2026-11-23T12:00:00.000+00:00'})

    await first.call('PATCH', '/apps/example-app', {maintenance: true})
    // The change is on disk as soon as it is acknowledged.
    expect(JSON.parse(fs.readFileSync(first.stateFile, 'utf8')).apps[0].maintenance).to.equal(true)
    await first.post('/data/maintenances/v1/redis-lively-12345/window', {day_of_week: 'sunday', time_of_day: '14:30'})
    await first.advance('PT1H')
    await first.sandbox.close()

    const second = await startSandbox({admin: true, clock: 'manual', stateFile: first.stateFile, token: TOKEN, seed: 'empty', now: '2030-01-01T00:00:00Z'})
    try {
      expect((await callSandbox(second.url, 'GET', '/apps/example-app')).body.maintenance).to.equal(true)
      expect((await callSandbox(second.url, 'GET', '/__sandbox/clock')).body.now).to.equal('2026-11-23T13:00:00.000+00:00')
      const window = await callSandbox(second.url, 'GET', '/data/maintenances/v1/redis-lively-12345/window')
      expect(window.body).to.include({window: 'Sundays 14:30 to 18:30 UTC', previous_window: 'Fridays 18:00 to 22:00 UTC'})
    } finally {
      await second.close()
    }

    expect(fs.readdirSync(directory)).to.deep.equal(['state.json'])
  })

  it('builds the same world for the same random seed, and another for another seed', async () => {
    const windows: string[] = []
    for (const randomSeed of [7, 7, 8]) {
      const sandbox = await startSandbox({token: TOKEN, randomSeed})
      const {maintenances} = (await callSandbox(sandbox.url, 'GET', '/data/maintenances/v1/apps/example-app')).body
      windows.push(`${maintenances[1].addon.window} ${(await callSandbox(sandbox.url, 'GET', '/apps/example-app/config-vars')).body.DATABASE_URL}`)
      await sandbox.close()
    }

    expect(windows[0]).to.equal(windows[1])
    expect(windows[2]).to.not.equal(windows[0])
  })

  it('refuses a corrupt file, naming it, and leaves it unchanged', async () => {
    const file = path.join(directory, 'state.json')
    fs.writeFileSync(file, '{"version": 1, "apps": [')
    let failure: unknown
    try {
      await startSandbox({stateFile: file, token: TOKEN})
    } catch (error) {
      failure = error
    }

    expect(failure).to.be.instanceOf(StateFileError)
    expect((failure as Error).message).to.equal(`state file ${file} is not valid JSON; fix or remove it, or start with another --state file`)
    expect(fs.readFileSync(file, 'utf8')).to.equal('{"version": 1, "apps": [')
  })

  it('refuses a file of an unknown version and leaves it unchanged', () => {
    const file = path.join(directory, 'state.json')
    const text = JSON.stringify({version: 1, apps: []})
    fs.writeFileSync(file, text)
    expect(() => loadStateFile(file)).to.throw(StateFileError, /unknown version 1 \(this sandbox reads version 3\)/)
    expect(fs.readFileSync(file, 'utf8')).to.equal(text)
    // The previous format (a roll's steps per add-on) is refused the same way.
    const previous = JSON.stringify({version: 2, apps: []})
    fs.writeFileSync(file, previous)
    expect(() => loadStateFile(file)).to.throw(StateFileError, /unknown version 2 \(this sandbox reads version 3\)/)
    expect(fs.readFileSync(file, 'utf8')).to.equal(previous)
  })

  it('checks the shape of what it loads', () => {
    const valid = {
      version: 3,
      seed: 'demo',
      clock: '2026-11-23T12:00:00.000+00:00',
      randomState: 1,
      account: {id: 'a', email: 'e', name: 'n', createdAt: 'c'},
      apps: [],
      addons: [],
      releases: [],
      rolls: [],
      notifications: [],
    }
    expect(findStateProblem(valid)).to.equal(null)
    expect(findStateProblem([])).to.equal('does not hold a JSON object')
    expect(findStateProblem({...valid, version: undefined})).to.match(/unknown version null/)
    expect(findStateProblem({...valid, seed: 3})).to.equal('has no seed name')
    expect(findStateProblem({...valid, clock: 'later'})).to.equal('has no valid clock')
    expect(findStateProblem({...valid, randomState: 'x'})).to.equal('has no random state')
    expect(findStateProblem({...valid, account: {}})).to.equal('has no valid account')
    expect(findStateProblem({...valid, apps: [{id: 'x'}]})).to.equal('has invalid apps')
    expect(findStateProblem({...valid, addons: [{}]})).to.equal('has invalid add-ons')
    expect(findStateProblem({...valid, releases: {}})).to.equal('has invalid releases')
    expect(findStateProblem({...valid, rolls: [{id: 'r'}]})).to.equal('has invalid rolls')
    const roll = {id: 'r', image: 'i', status: 'completed', createdAt: 'c', addons: [], steps: {what: [], at: [], details: []}}
    expect(findStateProblem({...valid, rolls: [roll]})).to.equal(null)
    // A roll of version 2 kept its steps per add-on: without the step log it is refused.
    expect(findStateProblem({...valid, rolls: [{...roll, steps: undefined}]})).to.equal('has invalid rolls')
    expect(findStateProblem({...valid, rolls: [{...roll, steps: {what: [], at: []}}]})).to.equal('has invalid rolls')
    expect(findStateProblem({...valid, notifications: {}})).to.equal('has invalid notifications')
  })

  it('reports an unreadable path as a state file error', () => {
    expect(() => loadStateFile(directory)).to.throw(StateFileError, /cannot be read/)
    expect(loadStateFile(path.join(directory, 'missing.json'))).to.equal(null)
  })

  it('replaces the file atomically and leaves no temporary file behind, even when the rename fails', async () => {
    const file = path.join(directory, 'state.json')
    const sandbox = await startSandbox({stateFile: file, token: TOKEN})
    await sandbox.close()
    const state = loadStateFile(file)!
    saveStateFile(file, {...state, seed: 'changed'})
    expect(loadStateFile(file)!.seed).to.equal('changed')
    expect(fs.readdirSync(directory)).to.deep.equal(['state.json'])

    const blocked = path.join(directory, 'a-directory')
    fs.mkdirSync(path.join(blocked, 'inside'), {recursive: true})
    expect(() => saveStateFile(blocked, state)).to.throw()
    expect(fs.readdirSync(directory).sort()).to.deep.equal(['a-directory', 'state.json'])
  })

  it('keeps the world in memory when no state file is given, and starts the empty seed', async () => {
    const sandbox = await startSandbox({token: TOKEN, seed: 'empty', admin: true})
    try {
      const apps = (await callSandbox(sandbox.url, 'GET', '/apps')).body
      expect(apps.map((app: {name: string}) => app.name)).to.deep.equal(['example-app'])
      expect((await callSandbox(sandbox.url, 'GET', '/apps/example-app/addons')).body).to.deep.equal([])
      expect((await callSandbox(sandbox.url, 'GET', '/account')).body.email).to.equal('demo@example.com')
      expect((await callSandbox(sandbox.url, 'PATCH', '/apps/example-app', {maintenance: true})).status).to.equal(200)
    } finally {
      await sandbox.close()
    }
  })

  it('refuses bad options at start', async () => {
    const attempts: Array<[Parameters<typeof startSandbox>[0], RegExp]> = [
      [{token: ''}, /token/],
      [{token: 'has space'}, /token/],
      [{token: TOKEN, seed: 'galaxy'}, /unknown seed "galaxy" \(known seeds: demo, empty, fleet:N, N from 1 to 100000\)/],
      [{token: TOKEN, now: 'yesterday'}, /--now must be an ISO 8601 instant/],
      [{token: TOKEN, randomSeed: Number.NaN}, /randomSeed/],
    ]
    for (const [options, message] of attempts) {
      let failure: unknown
      try {
        await startSandbox(options)
      } catch (error) {
        failure = error
      }

      expect((failure as Error | undefined)?.message, JSON.stringify(options)).to.match(message)
    }
  })

  it('closes only once, even when asked twice', async () => {
    const sandbox = await startSandbox({token: TOKEN})
    await Promise.all([sandbox.close(), sandbox.close()])
  })
})

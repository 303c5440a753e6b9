import {expect} from 'chai'
import {buildSeed} from 'heroku-data-maintenance-sandbox/seeds'
import {DateTime} from 'luxon'
import {randomUUID} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {type Server} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {cli} from '../helpers/cli.js'
import {listen} from '../helpers/http-server.js'
import {errorLine, lines} from '../helpers/output.js'
import {changingRequests, REDIS_LIVELY, requestLines, type SandboxSession, useSandbox} from '../helpers/sandbox.js'

const WINDOW_POLICY = `version: 1
rules:
  - name: all
    apps: ["*-app"]
    window:
      start: Sunday 02:00
      zone: Europe/Berlin
`

describe('e2e: data:maintenances:policy:check and policy:apply', function () {
  this.timeout(120_000)
  let session: SandboxSession
  let dir: string
  useSandbox(opened => {
    session = opened
  })

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hdm-policy-'))
    writeFileSync(join(dir, 'policy.yaml'), WINDOW_POLICY)
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nrules:\n  - apps: [x]\n    window: {start: Sunday 2am}\n')
  })

  after(() => rmSync(dir, {force: true, recursive: true}))

  it('refuses an invalid policy with file:line:column, exit 1, before any request', async () => {
    const file = join(dir, 'bad.yaml')
    const result = await cli(session, ['data:maintenances:policy:check', file])
    expect(result.code).to.equal(1)
    expect(lines(result.stderr)[0]).to.equal(`${file}:4:21: rules[0].window.start "Sunday 2am" is not valid: it must be a weekday and a 24-hour time, such as "Sunday 02:00".`)
    expect(errorLine(result)).to.equal(`Error: ${file} is not a valid policy (1 problem): nothing was sent.`)
    expect(await session.requests()).to.deep.equal([])
  })

  it('check prints the pending window changes, exits 5 and sends nothing that changes; apply sends each once; a second apply finds nothing', async () => {
    const file = join(dir, 'policy.yaml')
    const check = await cli(session, ['data:maintenances:policy:check', file, '--json'])
    expect(check.code).to.equal(5)
    const plan = JSON.parse(check.stdout) as {changes: Array<{addon: string; after: string; kind: string}>; conforms: boolean}
    expect(plan.conforms).to.equal(false)
    expect(plan.changes.map(c => [c.addon, c.kind, c.after])).to.deep.equal([
      ['postgresql-curved-12345', 'window', 'Sundays 01:00 to 05:00 UTC'],
      ['redis-lively-12345', 'window', 'Sundays 01:00 to 05:00 UTC'],
      ['postgresql-shaped-67890', 'window', 'Sundays 01:00 to 05:00 UTC'],
    ])
    expect(changingRequests(await session.requests())).to.deep.equal([])

    const refused = await cli(session, ['data:maintenances:policy:apply', file])
    expect(refused.code).to.equal(1)
    expect(errorLine(refused)).to.match(/pass --yes/)
    expect(changingRequests(await session.requests())).to.deep.equal([])

    await session.clearRequests()
    const apply = await cli(session, ['data:maintenances:policy:apply', file, '--yes'])
    expect(apply.code).to.equal(0)
    expect(lines(apply.stdout)[0]).to.equal('Applied 3 of 3 changes.')
    expect(requestLines(changingRequests(await session.requests()))).to.have.length(3)
    expect(requestLines(changingRequests(await session.requests())).every(line => line.startsWith('POST /data/maintenances/v1/') && line.endsWith('/window'))).to.equal(true)

    await session.clearRequests()
    const again = await cli(session, ['data:maintenances:policy:apply', file, '--yes'])
    expect(again.code).to.equal(0)
    expect(lines(again.stdout)).to.include('Nothing to apply.')
    expect(changingRequests(await session.requests())).to.deep.equal([])
    const conforms = await cli(session, ['data:maintenances:policy:check', file])
    expect(conforms.code).to.equal(0)
    expect(lines(conforms.stdout)[0]).to.equal('Everything conforms: 4 add-ons on 3 apps follow the policy.')
  })
})

function expectNoUrl(result: {stderr: string; stdout: string}): void {
  expect(`${result.stdout}\n${result.stderr}`).not.to.include('VERYSECRETTOKEN')
}

describe('e2e: data:maintenances:notify', function () {
  this.timeout(120_000)
  let session: SandboxSession
  let server: Server
  let dir: string
  let url: string
  const received: Array<{event: string; text: string}> = []
  const statuses: number[] = []
  useSandbox(opened => {
    session = opened
  })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hdm-notify-'))
    let base: string
    ({server, url: base} = await listen((request, response) => {
      let body = ''
      request.on('data', chunk => {
        body += chunk
      })
      request.on('end', () => {
        const status = statuses.shift() ?? 200
        if (status === 200) received.push(JSON.parse(body))
        response.writeHead(status).end()
      })
    }))
    url = `${base}/services/T0/B0/VERYSECRETTOKEN`
  })

  after(() => {
    server.close()
    rmSync(dir, {force: true, recursive: true})
  })

  it('posts each upcoming maintenance once, remembers it in the state file, and never prints the URL (also under DEBUG=*)', async () => {
    const state = join(dir, 'state.json')
    const first = await cli(session, ['data:maintenances:notify', '--all', '--within', '30d', '--state', state, '--webhook', url], {DEBUG: '*'})
    expectNoUrl(first)
    expect(first.code).to.equal(0)
    expect(received.map(r => r.event)).to.deep.equal(['scheduled', 'scheduled'])
    expect(received[0].text).to.match(/^Maintenance of redis-lively-12345 \(REDIS_URL\) on example-app is scheduled for /)
    expect(Object.keys((JSON.parse(readFileSync(state, 'utf8')) as {maintenances: object}).maintenances)).to.have.length(2)

    const second = await cli(session, ['data:maintenances:notify', '--all', '--within', '30d', '--state', state], {HEROKU_DATA_MAINTENANCE_WEBHOOK: url})
    expectNoUrl(second)
    expect(second.code).to.equal(0)
    expect(received).to.have.length(2)
    expect(lines(second.stdout)).to.deep.equal(['Nothing to announce: 4 maintenances checked, none new, moved or completed.'])
  })

  it('retries a failing webhook a bounded number of times, exits 2, and sends what was not delivered on the next run', async () => {
    received.length = 0
    const state = join(dir, 'retry.json')
    statuses.push(500, 500, 500, 500)
    const failed = await cli(session, ['data:maintenances:notify', '-a', 'staging-app', '--within', '30d', '--state', state], {HEROKU_DATA_MAINTENANCE_WEBHOOK: url})
    expectNoUrl(failed)
    expect(failed.code).to.equal(2)
    expect(errorLine(failed)).to.equal('Error: 1 of 1 notice was not delivered to the webhook (the webhook answered HTTP 500 (4 attempts)); they are sent on the next run.')
    expect(received).to.deep.equal([])

    const next = await cli(session, ['data:maintenances:notify', '-a', 'staging-app', '--within', '30d', '--state', state], {HEROKU_DATA_MAINTENANCE_WEBHOOK: url})
    expect(next.code).to.equal(0)
    expect(received.map(r => r.event)).to.deep.equal(['scheduled'])
  })
})

/** A world of `apps` apps with two premium add-ons each, built from the demo seed and loaded by the sandbox with --state. */
function fleetState(file: string, apps: number): void {
  const state = buildSeed('demo', DateTime.now().toUTC().startOf('minute'), 1)
  const template = state.addons.find(addon => addon.name === 'redis-lively-12345')!
  const appTemplate = state.apps[0]
  for (let index = 0; index < apps; index++) {
    const appId = randomUUID()
    state.apps.push({...structuredClone(appTemplate), id: appId, name: `fleet-${String(index).padStart(3, '0')}`})
    for (const kind of ['a', 'b']) {
      const id = randomUUID()
      const attachment = {...template.attachments[0], appId, id: randomUUID(), name: kind === 'a' ? 'REDIS' : 'CACHE'}
      state.addons.push({...structuredClone(template), appId, attachments: [attachment], history: [], id, maintenance: null, name: `redis-fleet-${index}-${kind}`})
    }
  }

  writeFileSync(file, JSON.stringify(state))
}

describe('e2e: a policy over a fleet of hundreds of add-ons', function () {
  this.timeout(300_000)
  let session: SandboxSession
  let dir: string

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hdm-fleet-'))
    fleetState(join(dir, 'world.json'), 150)
    writeFileSync(join(dir, 'policy.yaml'), 'version: 1\nrules:\n  - apps: ["fleet-*"]\n    window: {start: Saturday 03:00}\n')
  })

  // Registered after the world is written, and closed before it is removed.
  useSandbox(opened => {
    session = opened
  }, () => ({stateFile: join(dir, 'world.json')}))

  after(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  it('plans one window change per add-on, applies them once each, then conforms', async () => {
    const policy = join(dir, 'policy.yaml')
    const check = await cli(session, ['data:maintenances:policy:check', policy, '--json'])
    expect(check.code).to.equal(5)
    const plan = JSON.parse(check.stdout) as {addons: number; apps: number; changes: unknown[]}
    expect([plan.addons, plan.apps, plan.changes.length]).to.deep.equal([300, 150, 300])
    expect(changingRequests(await session.requests())).to.deep.equal([])

    await session.clearRequests()
    const apply = await cli(session, ['data:maintenances:policy:apply', policy, '--yes', '--json'])
    expect(apply.code).to.equal(0)
    expect((JSON.parse(apply.stdout) as {applied: unknown[]}).applied).to.have.length(300)
    const posts = requestLines(changingRequests(await session.requests()))
    expect(posts).to.have.length(300)
    expect(new Set(posts).size).to.equal(300)

    const after = await cli(session, ['data:maintenances:policy:check', policy])
    expect(after.code).to.equal(0)
    expect(lines(after.stdout)[0]).to.equal('Everything conforms: 300 add-ons on 150 apps follow the policy.')
  })
})

describe('e2e: policy:apply that fails part way', function () {
  this.timeout(120_000)
  let session: SandboxSession
  let dir: string
  useSandbox(opened => {
    session = opened
  })

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hdm-partial-'))
    writeFileSync(join(dir, 'policy.yaml'), WINDOW_POLICY)
  })

  after(() => rmSync(dir, {force: true, recursive: true}))

  it('stops at the failed change, sent once, says what was applied and what was not, and exits 2', async () => {
    await session.fault({body: {id: 'internal_error', message: 'Internal server error.'}, method: 'POST', path: `${REDIS_LIVELY}/window`, status: 500})
    const result = await cli(session, ['data:maintenances:policy:apply', join(dir, 'policy.yaml'), '--yes'])
    expect(result.code).to.equal(2)
    const out = lines(result.stdout)
    expect(out[0]).to.equal('Applied 1 of 3 changes.')
    expect(out[1]).to.equal('  applied: window of postgresql-curved-12345 (example-app)')
    expect(out[2]).to.match(/^ {2}failed: window of redis-lively-12345 \(example-app\): /)
    expect(out[3]).to.match(/^ {2}not applied: window of postgresql-shaped-67890 \(staging-app\): not sent: an earlier change/)
    expect(errorLine(result)).to.match(/^Error: window of redis-lively-12345 \(example-app\) failed: .*; 1 applied, 2 not applied\.$/)
    expect(requestLines(changingRequests(await session.requests())).filter(line => line === `POST ${REDIS_LIVELY}/window`)).to.have.length(1)
  })
})

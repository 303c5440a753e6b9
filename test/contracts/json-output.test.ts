import {expect} from 'chai'
import {SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {type AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type JsonSchema, outputSchema, validateAgainstSchema} from '../../src/lib/policy/schema.js'
import {cli, cliWhileClockMoves} from '../helpers/cli.js'
import {APP, type CliResult, MAINTENANCES, REDIS_LIVELY, type SandboxSession, useSandbox} from '../helpers/sandbox.js'
import {declaredPaths, producedPaths} from './paths.js'

// Every command's --json output, from bin/run.js against the sandbox, against its schema in schema/json/:
// a field the command prints that the schema does not name fails, and so does a field the schema names
// that no run here ever prints (unless it is listed in NOT_PRODUCED with the reason).

/** Schema fields (and everything under them) that no run against the demo world prints, with why. */
const NOT_PRODUCED: Record<string, string> = {
  'data-maintenances-notify:failed[].': 'needs a failing webhook: test/e2e/policy-and-notify.test.ts covers the delivery failure',
  'data-maintenances-policy-apply:applied[].because': 'the demo world\'s scheduled maintenances are due already, so a policy moves none of them: test/lib/policy covers schedule changes and conflicts',
  'data-maintenances-policy-apply:applied[].delay_weeks': 'as applied[].because',
  'data-maintenances-policy-apply:changes[].because': 'as applied[].because',
  'data-maintenances-policy-apply:changes[].delay_weeks': 'as applied[].because',
  'data-maintenances-policy-apply:conflicts[].': 'as applied[].because',
  'data-maintenances-policy-apply:failed.': 'a failed change needs a failing API; its shape is the Change that applied has',
  'data-maintenances-policy-apply:not_applied[].': 'a change is only held back when a window change did not give the planned start',
  'data-maintenances-policy-apply:plan.changes[].because': 'as applied[].because',
  'data-maintenances-policy-apply:plan.changes[].delay_weeks': 'as applied[].because',
  'data-maintenances-policy-apply:plan.conflicts[].': 'as conflicts[].',
  'data-maintenances-policy-check:changes[].because': 'as policy-apply applied[].because',
  'data-maintenances-policy-check:changes[].delay_weeks': 'as policy-apply applied[].because',
  'data-maintenances-policy-check:conflicts[].': 'as policy-apply applied[].because',
  'data-maintenances-run:message': 'only API versions that answer the run with a message send it; the sandbox answers with the maintenance',
}

/** Listed in NOT_PRODUCED itself, or under an entry ending in `.`. */
function notProduced(key: string): boolean {
  return Object.keys(NOT_PRODUCED).some(entry => entry === key || (entry.endsWith('.') && `${key}.`.startsWith(entry)))
}

const POLICY = 'version: 1\nrules:\n  - name: all\n    apps: ["example-app"]\n    window: {start: Sunday 02:00}\n'

interface Seen {
  output: unknown
  schema: string
}

describe('contracts: every --json output matches its schema in schema/json/', function () {
  this.timeout(120_000)
  let session: SandboxSession
  let dir: string
  let server: Server
  let webhook: string
  const seen: Seen[] = []
  useSandbox(opened => {
    session = opened
  })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hdm-contracts-'))
    writeFileSync(join(dir, 'policy.yaml'), POLICY)
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nrules:\n  - apps: [x]\n    window: {start: Sunday 2am}\n')
    server = createServer((request, response) => {
      request.resume()
      request.on('end', () => response.writeHead(200).end())
    })
    await new Promise<void>(resolve => {
      server.listen(0, '127.0.0.1', resolve)
    })
    webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  })

  after(() => {
    server?.close()
    if (dir) rmSync(dir, {force: true, recursive: true})
  })

  /** Parses stdout, checks the exit code and that the document is valid against the schema. */
  function check(result: CliResult, schema: string, exitCode: number): unknown {
    expect(result.code, `${schema}: ${result.stdout}${result.stderr}`).to.equal(exitCode)
    const output = JSON.parse(result.stdout) as unknown
    const problems = validateAgainstSchema(output, outputSchema(schema))
    expect(problems.map(p => p.message), `${schema}: ${result.stdout}`).to.deep.equal([])
    seen.push({output, schema})
    return output
  }

  async function json(args: string[], schema: string, exitCode = 0, env: Record<string, string> = {}): Promise<unknown> {
    return check(await cli(session, [...args, '--json'], env), schema, exitCode)
  }

  it('read commands', async () => {
    expect(await json(['data:maintenances', '-a', APP], 'data-maintenances')).to.have.length(3)
    expect(await json(['data:maintenances', '--all'], 'data-maintenances')).to.have.length.above(3)
    expect(await json(['data:maintenances', '-a', 'empty-app'], 'data-maintenances')).to.deep.equal([])
    await json(['data:maintenances:info', 'REDIS_URL', '-a', APP], 'data-maintenances-info')
    await json(['data:maintenances:history', 'REDIS_URL', '-a', APP], 'data-maintenances-history')
    await json(['data:maintenances:window', 'REDIS_URL', '-a', APP], 'data-maintenances-window')
    expect(await json(['redis:info', '-a', APP], 'redis-info')).to.have.length(2)
    await json(['data:maintenances:wait', 'DATABASE', '-a', APP], 'data-maintenances-wait')
  })

  it('dry runs', async () => {
    await json(['data:maintenances:run', 'REDIS_URL', '-a', APP, '--maintenance-mode', '--dry-run'], 'data-maintenances-run')
    await json(['data:maintenances:schedule', 'DATABASE', '-a', 'staging-app', '--weeks=-1', '--dry-run'], 'data-maintenances-schedule')
    await json(['data:maintenances:window:update', 'REDIS_URL', 'monday', '00:30', '--tz', 'Europe/Berlin', '-a', APP, '--dry-run'], 'data-maintenances-window-update')
    await json(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP, '--dry-run'], 'data-maintenances-window-update')
    await json(['data:maintenances:policy:apply', join(dir, 'policy.yaml'), '--dry-run'], 'data-maintenances-policy-apply', 5)
  })

  it('errors, each with its exit code', async () => {
    const usage = await json(['data:maintenances:history', 'REDIS_URL', '-a', APP, '--num', '21'], 'error', 1) as {error: {id: string}}
    expect(usage.error.id).to.equal('invalid_input')
    await session.fault({body: {id: 'forbidden', message: 'You do not have access to this add-on.'}, method: 'GET', path: REDIS_LIVELY, status: 403})
    const api = await json(['data:maintenances:info', 'REDIS_URL', '-a', APP], 'error', 2) as {error: {status: number}}
    expect(api.error.status).to.equal(403)
    await session.clearFaults()
    const policy = await json(['data:maintenances:policy:check', join(dir, 'bad.yaml')], 'error', 1) as {error: {problems: string[]}}
    expect(policy.error.problems).to.have.length(1)
    // example-app's maintenances answered as the budget falls below the reserve: the fleet view stops there.
    const path = `${MAINTENANCES}/apps/${SEED_IDS.exampleApp}`
    const body = await session.api('GET', path)
    await session.fault({body, headers: {'RateLimit-Remaining': '50'}, method: 'GET', path, status: 200, times: 1})
    const args = ['data:maintenances', '--all', '--concurrency', '1']
    const reserve = await json(args, 'error', 2) as {apps_not_read: string[]; error: {id: string}; maintenances: unknown[]}
    expect(reserve.error.id).to.equal('rate_limit_reserve')
    expect(reserve.maintenances).to.have.length(3)
    expect(reserve.apps_not_read).to.include('staging-app')
  })

  it('notify', async () => {
    const result = await json(['data:maintenances:notify', '--all', '--within', '30d'], 'data-maintenances-notify', 0, {HEROKU_DATA_MAINTENANCE_WEBHOOK: webhook}) as {sent: unknown[]}
    expect(result.sent).to.have.length.above(0)
  })

  it('changing commands: window:update, schedule, policy, run, wait', async () => {
    await json(['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP], 'data-maintenances-window-update')
    await json(['data:maintenances:schedule', 'DATABASE', '--weeks', '-1', '-a', 'staging-app'], 'data-maintenances-schedule')
    await json(['data:maintenances:policy:check', join(dir, 'policy.yaml')], 'data-maintenances-policy-check', 5)
    await json(['data:maintenances:policy:apply', join(dir, 'policy.yaml'), '--yes'], 'data-maintenances-policy-apply')
    await json(['data:maintenances:policy:check', join(dir, 'policy.yaml')], 'data-maintenances-policy-check')
    await json(['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP], 'data-maintenances-run')
    const timeout = await json(['data:maintenances:wait', 'REDIS_URL', '-a', APP, '--timeout', '2s', '--interval', '1s'], 'error', 3) as {error: {id: string}}
    expect(timeout.error.id).to.equal('wait_timeout')
    check(await cliWhileClockMoves(session, ['data:maintenances:wait', 'REDIS_URL', '-a', APP, '--interval', '1s', '--json']), 'data-maintenances-wait', 0)
    check(await cliWhileClockMoves(session, ['data:maintenances:run', 'DATABASE', '-a', 'staging-app', '--maintenance-mode', '--interval', '1s', '--json']), 'data-maintenances-run', 0)
  })

  it('every field a schema names was printed by one of the runs above (or is listed as not produced, with why)', () => {
    const names = [...new Set(seen.map(s => s.schema))].sort()
    expect(names).to.have.length(13)
    const missing: string[] = []
    for (const name of names) {
      const produced = new Set(seen.filter(s => s.schema === name).flatMap(s => producedPaths(s.output)))
      for (const path of declaredPaths(outputSchema(name) as JsonSchema)) {
        if (!produced.has(path) && !notProduced(`${name}:${path}`)) missing.push(`${name}:${path}`)
      }
    }

    expect(missing, 'fields a schema allows that no command printed').to.deep.equal([])
  })
})

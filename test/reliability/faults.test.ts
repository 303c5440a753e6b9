import {expect} from 'chai'

import {observe, type Observed} from '../helpers/cli.js'
import {errorLines, oclifDebugOn, shellLine, stackLines} from '../helpers/output.js'
import {
  APP, changingRequests, countRequests, describeLog, EXAMPLE_APP_LIST, type FaultSpec, onSandboxPool,
  POSTGRES_CURVED, POSTGRES_SHAPED, REDIS_LIVELY, REDIS_LIVELY_DATABASE, type SandboxSession, STAGING_APP,
} from '../helpers/sandbox.js'

/** Fault runs spend most of their time in retry pauses and timeouts, so they run side by side, one sandbox per worker. */
const WORKERS = 4

type FaultKind = 'refused' | 'silent' | 'transient' | 'unreadable'

interface FaultCase {
  name: string
  /**
   * refused: 4xx that asking again will not change; transient: may pass if asked again; silent: no answer within the
   * read budget, which is then spent (not asked again, but each poll of a wait has its own); unreadable: a 2xx the client cannot use.
   */
  kind: FaultKind
  spec: Omit<FaultSpec, 'method' | 'path'>
  /** The API's own message, which the user must see. */
  apiMessage?: string
  env?: Record<string, string>
}

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>upstream went away</p></body></html>'
const JSON_TYPE = {'Content-Type': 'application/json'}

function apiError(status: number, id: string, message: string, extra: Partial<FaultCase> = {}): FaultCase {
  const kind: FaultKind = status === 429 || status >= 500 ? 'transient' : 'refused'
  return {apiMessage: message, kind, name: `${status} ${id}`, ...extra, spec: {body: {id, message}, status, ...extra.spec}}
}

const FAULTS: FaultCase[] = [
  apiError(401, 'unauthorized', 'Fault 401: this token may not act on the add-on.'),
  apiError(403, 'forbidden', 'Fault 403: you do not have access to this add-on.'),
  apiError(404, 'not_found', 'Fault 404: that add-on is gone.'),
  apiError(422, 'invalid_params', 'Fault 422: the maintenance cannot change now.'),
  apiError(429, 'rate_limit', 'Fault 429: slow down.', {name: '429 rate_limit with Retry-After: 1', spec: {headers: {'Retry-After': '1'}}}),
  apiError(500, 'internal_server_error', 'Fault 500: the maintenance service broke.'),
  // No body of ours: the sandbox answers its own {"id","message"}, which is the API's message here.
  {apiMessage: 'Injected sandbox fault: HTTP 503.', kind: 'transient', name: '503 with the default body', spec: {status: 503}},
  {kind: 'transient', name: '502 HTML error page', spec: {body: HTML_PAGE, headers: {'Content-Type': 'text/html; charset=utf-8'}, status: 502}},
  {kind: 'unreadable', name: '200 malformed JSON', spec: {body: '{"status":', headers: JSON_TYPE, status: 200}},
  {kind: 'unreadable', name: '200 empty body', spec: {body: '', headers: JSON_TYPE, status: 200}},
  // The late answer is a 503 so that the sandbox never carries out a request the client gave up on: every job then
  // finds its worker's world as seeded. (What comes after the timeout makes no difference to the client.)
  {env: {HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: '1'}, kind: 'silent', name: 'answer slower than the 1 s read budget', spec: {delayMs: 2500, status: 503}},
  {kind: 'transient', name: 'dropped connection', spec: {drop: true}},
]

interface Target {
  command: string
  argv: string[]
  /** The command's main request, where the fault goes. */
  method: 'GET' | 'POST'
  path: string
}

/** Each command with a command line that succeeds without a fault (checked below), and its main request. */
const TARGETS: Target[] = [
  {argv: ['data:maintenances', '-a', APP], command: 'data:maintenances', method: 'GET', path: EXAMPLE_APP_LIST},
  {argv: ['data:maintenances:info', 'REDIS_URL', '-a', APP], command: 'data:maintenances:info', method: 'GET', path: REDIS_LIVELY},
  {argv: ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP], command: 'data:maintenances:run', method: 'POST', path: `${REDIS_LIVELY}/run`},
  {argv: ['data:maintenances:schedule', 'DATABASE', '-a', STAGING_APP, '--weeks', '-1'], command: 'data:maintenances:schedule', method: 'POST', path: `${POSTGRES_SHAPED}/schedule`},
  // Nothing to wait for without a fault (status none); --timeout bounds the polling a transient fault causes.
  {argv: ['data:maintenances:wait', 'DATABASE_URL', '-a', APP, '--interval', '1s', '--timeout', '2s'], command: 'data:maintenances:wait', method: 'GET', path: POSTGRES_CURVED},
  {argv: ['data:maintenances:history', 'REDIS_URL', '-a', APP], command: 'data:maintenances:history', method: 'GET', path: `${REDIS_LIVELY}/history/`},
  {argv: ['data:maintenances:window', 'REDIS_URL', '-a', APP], command: 'data:maintenances:window', method: 'GET', path: `${REDIS_LIVELY}/window`},
  {argv: ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP], command: 'data:maintenances:window:update', method: 'POST', path: `${REDIS_LIVELY}/window`},
  {argv: ['redis:info', 'REDIS_URL', '-a', APP], command: 'redis:info', method: 'GET', path: REDIS_LIVELY_DATABASE},
]

/** The client makes this many attempts at a read (ApiClient's retry policy); wait polls again within its --timeout. */
const READ_ATTEMPTS = 3
const WAIT_POLLS = 3

interface Job {
  env?: Record<string, string>
  /** Builds the faults once the worker's sandbox (and so its token) is known. */
  faults: (session: SandboxSession) => FaultSpec[]
  target: Target
  title: string
}

interface Outcome {
  job: Job
  observed: Observed
}

function explain({job, observed}: Outcome): string {
  const {result} = observed
  return [
    `${shellLine(job.target.argv)} [${job.title}]`,
    `exit ${result.code} after ${observed.ms} ms`,
    `stdout: ${result.stdout.slice(0, 800)}`,
    `stderr: ${result.stderr.slice(0, 1500)}`,
    `requests: ${describeLog(observed.log).join(', ')}`,
  ].join('\n')
}

/** What every run holds to, fault or not: no token, no stack trace, and no state-changing request beyond the command's own one. */
function expectSafe(outcome: Outcome): void {
  const {job, observed} = outcome
  const output = `${observed.result.stdout}${observed.result.stderr}`
  expect(output, `the token was printed\n${explain(outcome)}`).not.to.include(observed.token)
  if (!oclifDebugOn(job.env ?? {})) expect(stackLines(output), `a stack trace was printed\n${explain(outcome)}`).to.deep.equal([])
  const expectedChanges = job.target.method === 'POST' ? [`${job.target.method} ${job.target.path}`] : []
  expect(changingRequests(observed.log).map(r => `${r.method} ${r.path}`), `changing requests\n${explain(outcome)}`).to.deep.equal(expectedChanges)
}

function expectFaultHandled(outcome: Outcome, fault: FaultCase): void {
  const {job, observed} = outcome
  const {target} = job
  const {result} = observed
  const where = `${target.method} ${target.path}`
  const info = explain(outcome)
  expectSafe(outcome)

  const sent = countRequests(observed.log, target.method, target.path)
  if (target.method === 'POST') {
    expect(sent, `a state-changing request is sent exactly once\n${info}`).to.equal(1)
  } else {
    const polls = target.command === 'data:maintenances:wait' ? WAIT_POLLS : 1
    if (fault.kind === 'refused') expect(sent, `a 4xx read is not retried\n${info}`).to.equal(1)
    else if (fault.kind === 'transient') expect(sent, `a transient failure is retried, within a bound\n${info}`).to.be.within(2, READ_ATTEMPTS * polls)
    else expect(sent, `reads within a bound\n${info}`).to.be.within(1, READ_ATTEMPTS * polls)
  }

  const waitGaveUp = target.command === 'data:maintenances:wait' && fault.kind !== 'refused'
  // wait documents that it keeps polling through transient failures until --timeout (exit 3), naming the last error.
  expect(result.code, info).to.equal(waitGaveUp ? 3 : 2)
  expect(result.stdout, info).to.equal('')
  const errors = errorLines(result.stderr)
  expect(errors, `exactly one error line\n${info}`).to.have.length(1)
  const [error] = errors
  if (waitGaveUp) expect(error, info).to.match(/Timed out .*last error: /)
  if (fault.apiMessage) expect(error, `the API's message\n${info}`).to.include(fault.apiMessage)
  else expect(error, `which request failed\n${info}`).to.include(where)
  if (fault.spec.status === 502) expect(error, info).to.include('502')
  expect(result.stderr, `HTML reached the output\n${info}`).not.to.match(/<\/?[a-z!][^>]*>/i)
  expect(error, `a raw JSON fragment reached the message\n${info}`).not.to.match(/[{}]|"[\w-]+"\s*:/)
}

const matrix: Array<{fault: FaultCase; job: Job}> = TARGETS.flatMap(target => FAULTS.map(fault => ({
  fault,
  job: {env: fault.env, faults: () => [{method: target.method, path: target.path, ...fault.spec}], target, title: fault.name},
})))

/** A 401 whose message echoes the Authorization header, under both debug switches. */
const DEBUG_SWITCHES: Array<Record<string, string>> = [{DEBUG: '*'}, {HEROKU_DEBUG: '1'}]
const debugRuns: Job[] = TARGETS.flatMap(target => DEBUG_SWITCHES.map(env => ({
  env,
  faults: (session: SandboxSession) => [{body: {id: 'unauthorized', message: `bad token Bearer ${session.token}`}, method: target.method, path: target.path, status: 401}],
  target,
  title: `401 echoing the token, ${Object.entries(env).map(([key, value]) => `${key}=${value}`).join('')}`,
})))

/** A successful answer that carries the token in a data field: printed data must not carry it either. */
function echoedInData(session: SandboxSession): FaultSpec[] {
  const maintenance = {
    addon: {attachments: ['REDIS_URL'], kind: 'heroku-redis', name: 'redis-lively-12345', plan: 'premium-0', window: null},
    app: {name: APP},
    completed_at: null,
    duration_seconds: null,
    method: 'failover',
    previously_scheduled_for: null,
    reason: `routine_maintenance requested with Bearer ${session.token}`,
    required_by: null,
    scheduled_for: null,
    server_created_at: '2026-01-01T00:00:00Z',
    started_at: null,
    status: 'ready',
    window: null,
  }
  return [{body: maintenance, method: 'GET', path: REDIS_LIVELY, status: 200}]
}

const INFO = TARGETS.find(target => target.command === 'data:maintenances:info')!
const echoRuns: Job[] = [
  {faults: echoedInData, target: INFO, title: '200 whose data echoes the token'},
  {faults: echoedInData, target: {...INFO, argv: [...INFO.argv, '--json']}, title: '200 whose data echoes the token, --json'},
]

const baselines: Job[] = TARGETS.map(target => ({faults: () => [], target, title: 'no fault'}))

/** Under --json a failure is still a failure: an error object with the exit code, the status and the API's message. */
const REFUSAL = {body: {id: 'invalid_params', message: 'Fault 422: refused under --json.'}, status: 422}
const jsonRuns: Job[] = TARGETS.map(target => ({
  faults: () => [{method: target.method, path: target.path, ...REFUSAL}],
  target: {...target, argv: [...target.argv, '--json']},
  title: '422 under --json',
}))

/** Runs the jobs on a pool of fresh sandboxes and files each outcome under its job. */
async function runJobs(jobs: Job[], outcomes: Map<Job, Outcome>): Promise<void> {
  const observed = await onSandboxPool(jobs, WORKERS, (session, job) => observe(session, job.target.argv, {env: job.env, faults: job.faults(session)}))
  jobs.forEach((job, index) => outcomes.set(job, {job, observed: observed[index]}))
}

describe('reliability: every server fault on every command', function () {
  this.timeout(600_000)
  const outcomes = new Map<Job, Outcome>()

  before(async () => {
    const started = Date.now()
    // Baselines change their world (run, schedule, window:update succeed), so they get sandboxes of their own. Every
    // other job is answered by its fault before the sandbox acts on it, so its worker's world stays as seeded.
    await runJobs(baselines, outcomes)
    await runJobs([...matrix.map(({job}) => job), ...debugRuns, ...echoRuns, ...jsonRuns], outcomes)
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    const extra = `plus ${debugRuns.length + echoRuns.length} secret checks, ${jsonRuns.length} --json runs and ${baselines.length} baselines`
    console.log(`      fault matrix: ${matrix.length} faults tried (${TARGETS.length} commands × ${FAULTS.length} faults), ${extra}, in ${seconds} s`)
  })

  describe('without a fault, each command line succeeds', () => {
    for (const job of baselines) {
      it(shellLine(job.target.argv), () => {
        const outcome = outcomes.get(job)!
        expect(outcome.observed.result.code, explain(outcome)).to.equal(0)
        expectSafe(outcome)
        expect(countRequests(outcome.observed.log, job.target.method, job.target.path), explain(outcome)).to.equal(1)
      })
    }
  })

  for (const target of TARGETS) {
    describe(`${target.command}: ${target.method} ${target.path.replace(/[\da-f]{8}-[\da-f-]{27}/, '{id}')}`, () => {
      for (const {fault, job} of matrix.filter(entry => entry.job.target === target)) {
        it(fault.name, () => {
          expectFaultHandled(outcomes.get(job)!, fault)
        })
      }
    })
  }

  describe('under --json, a failure is an error object', () => {
    for (const job of jsonRuns) {
      it(shellLine(job.target.argv), () => {
        const outcome = outcomes.get(job)!
        const {result} = outcome.observed
        expectSafe(outcome)
        expect(result.code, explain(outcome)).to.equal(2)
        expect(errorLines(result.stderr), explain(outcome)).to.deep.equal([])
        const {error} = JSON.parse(result.stdout) as {error: {exit_code: number; id: string; message: string; status?: number}}
        expect(error, explain(outcome)).to.include({exit_code: 2, id: 'invalid_params', status: 422})
        expect(error.message, explain(outcome)).to.include(REFUSAL.body.message)
      })
    }
  })

  describe('the token stays secret', () => {
    for (const job of debugRuns) {
      it(`${job.target.command}: ${job.title}`, () => {
        const outcome = outcomes.get(job)!
        expectSafe(outcome)
        expect(outcome.observed.result.code, explain(outcome)).to.equal(2)
        expect(errorLines(outcome.observed.result.stderr), explain(outcome)).to.have.length(1)
        expect(errorLines(outcome.observed.result.stderr)[0], explain(outcome)).to.include('bad token Bearer')
      })
    }

    for (const job of echoRuns) {
      it(`${job.target.command}: ${job.title}`, () => {
        const outcome = outcomes.get(job)!
        expect(outcome.observed.result.code, explain(outcome)).to.equal(0)
        expect(outcome.observed.result.stdout, explain(outcome)).to.include('routine_maintenance requested with Bearer')
        expectSafe(outcome)
      })
    }
  })
})

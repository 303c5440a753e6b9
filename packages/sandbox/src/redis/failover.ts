import type {DateTime} from 'luxon'

import type {StepProgress, StepWorker} from '../lifecycle.js'
import type {AddonRecord, RunStepName, ServerRecord} from '../model.js'
import type {StandbyReplacements} from './standby-replacement.js'

import {parseInfo, type RespClient} from './resp.js'
import {RedisServerProcess} from './server-process.js'

/**
 * The failover of one Redis add-on, done for real on its redis-server processes, as the seeds tell
 * it: hold writes on the primary and make sure the standby has everything (standby_in_sync), break
 * replication (standby_promoted), point the config var at the new primary (config_var_updated, a
 * release), retire the old primary, and build a new standby (new_standby_built).
 */

/** What the in-sync check reads: the primary's replication offset, and what the standby has applied. */
export interface OffsetSource {
  primaryOffset(): Promise<number>
  standby(): Promise<{linkUp: boolean; offset: number}>
}

export interface SyncTiming {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realTiming: SyncTiming = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => {
    setTimeout(resolve, ms)
  }),
}

export type SyncResult = {detail: string; inSync: false; waitedMs: number} | {inSync: true; offset: number; waitedMs: number}

const TIMED_OUT = Symbol('timed out')

/** A question to a server that failed (connection refused or lost, error reply): what it said. */
class Unreadable {
  constructor(readonly message: string) {}
}

/**
 * The promise's value; TIMED_OUT when it takes longer than `ms` (a real timer: a silent server must
 * not hang the check); Unreadable when it fails.
 */
async function within<T>(start: () => Promise<T>, ms: number): Promise<T | typeof TIMED_OUT | Unreadable> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<typeof TIMED_OUT>(resolve => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms))
  })
  try {
    return await Promise.race([start(), timeout])
  } catch (error) {
    return new Unreadable((error as Error).message)
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Polls until the standby's applied offset reaches the primary's, with its link up, for at most
 * `timeoutMs`. Never reports in sync on anything less: a lagging, silent or detached standby is
 * reported with what was last seen.
 */
export async function waitForStandbySync(source: OffsetSource, options: {pollMs?: number; timeoutMs: number}, timing: SyncTiming = realTiming): Promise<SyncResult> {
  const started = timing.now()
  const deadline = started + options.timeoutMs
  const pollMs = options.pollMs ?? 10
  let last = ''
  for (;;) {
    const primary = await within(() => source.primaryOffset(), deadline - timing.now())
    const standby = typeof primary === 'number' ? await within(() => source.standby(), deadline - timing.now()) : TIMED_OUT
    if (primary === TIMED_OUT) {
      last = 'the primary did not answer'
    } else if (primary instanceof Unreadable) {
      last = `the primary could not be read (${primary.message})`
    } else if (standby instanceof Unreadable) {
      last = `the standby could not be read (${standby.message})`
    } else if (standby === TIMED_OUT) {
      last = 'the standby did not answer'
    } else {
      if (standby.linkUp && standby.offset >= primary) return {inSync: true, offset: primary, waitedMs: timing.now() - started}
      last = standby.linkUp
        ? `the standby had replicated up to offset ${standby.offset}, ${primary - standby.offset} bytes behind the primary's ${primary}`
        : `the standby's link to the primary was down (standby offset ${standby.offset}, primary offset ${primary})`
    }

    const waitedMs = timing.now() - started
    if (timing.now() >= deadline) return {detail: `${last} after ${waitedMs} ms`, inSync: false, waitedMs}
    await timing.sleep(Math.min(pollMs, Math.max(0, deadline - timing.now())))
  }
}

/**
 * The live processes behind one add-on. `retiring` is the old primary between promotion and its end;
 * `replacing` a fleet roll's new standby until it has caught up and takes the old one's place.
 */
export interface AddonServers {
  addonId: string
  /** Set when the sandbox stops: a process started after that is stopped at once. */
  closed: boolean
  password: string
  primary: RedisServerProcess
  replica: null | RedisServerProcess
  retiring: null | RedisServerProcess
  replacing: null | RedisServerProcess
  /** The work on these servers now (see exclusively). */
  work: Promise<void>
}

/** Runs `work` on the add-on's servers once the work before it ended: a run's steps and a roll's standby replacement never interleave. */
export function exclusively<T>(servers: AddonServers, work: () => Promise<T>): Promise<T> {
  const result = servers.work.then(work)
  servers.work = result.then(() => {}, () => {})
  return result
}

export interface FailoverSettings {
  binary: string
  /** CLIENT PAUSE length; the old primary is demoted once the standby is promoted, so this only bounds the hold. */
  pauseMs: number
  /** How long the standby may take to catch up before the maintenance is not performed. */
  syncTimeoutMs: number
  /** How long a new standby may take to attach and catch up. */
  standbyTimeoutMs: number
}

async function withClient<T>(server: RedisServerProcess, work: (client: RespClient) => Promise<T>): Promise<T> {
  const client = await server.connect()
  try {
    return await work(client)
  } finally {
    client.close()
  }
}

/**
 * Offsets read with INFO replication: the primary's on its connection, the standby's on one made at
 * the first question (so that a standby that takes the connection but never answers counts against
 * the bound too). `close` ends the standby's connection, even one still being made.
 */
function serverOffsets(primary: RespClient, standbyServer: RedisServerProcess, timeoutMs: number): OffsetSource & {close(): void} {
  let standby: Promise<RespClient> | undefined
  return {
    close() {
      standby?.then(client => client.close(), () => {})
    },
    async primaryOffset() {
      return Number(parseInfo(await primary.text(['INFO', 'replication'])).master_repl_offset)
    },
    async standby() {
      standby ??= standbyServer.connect(timeoutMs)
      try {
        const fields = parseInfo(await (await standby).text(['INFO', 'replication']))
        return {linkUp: fields.master_link_status === 'up', offset: Number(fields.slave_repl_offset ?? -1)}
      } catch (error) {
        // The next poll connects again.
        standby.then(client => client.close(), () => {})
        standby = undefined
        throw error
      }
    },
  }
}

/** Why a step could not be done; the run ends as `failed` with this reason. */
export class StepFailure extends Error {
  constructor(readonly reason: string, detail: string) {
    super(detail)
    this.name = 'StepFailure'
  }
}

/**
 * standby_in_sync: pause writes on the primary, then wait (bounded) for the standby to have them all.
 * If it does not catch up, writes resume on the old primary, which stays, and the step fails.
 */
export async function syncStandby(servers: AddonServers, settings: FailoverSettings, timing: SyncTiming = realTiming): Promise<number> {
  const {primary, replica} = servers
  if (!replica) throw new StepFailure('standby_not_in_sync', 'the add-on has no standby to fail over to')
  const primaryClient = await primary.connect()
  try {
    await primaryClient.call(['CLIENT', 'PAUSE', settings.pauseMs, 'WRITE'])
    const offsets = serverOffsets(primaryClient, replica, settings.syncTimeoutMs)
    let result: SyncResult
    try {
      result = await waitForStandbySync(offsets, {timeoutMs: settings.syncTimeoutMs}, timing)
    } catch (error) {
      result = {detail: `the standby could not be checked: ${(error as Error).message}`, inSync: false, waitedMs: 0}
    } finally {
      offsets.close()
    }

    if (!result.inSync) {
      await primaryClient.call(['CLIENT', 'UNPAUSE'])
      throw new StepFailure('standby_not_in_sync', `Not performed: ${result.detail}; the primary stays and takes writes again.`)
    }

    return result.offset
  } finally {
    primaryClient.close()
  }
}

/**
 * standby_promoted: with writes still held (the pause is renewed and the standby checked once more),
 * break replication so that the standby takes writes, then make the old primary a replica of it:
 * a write held on the old primary is then refused (READONLY), never taken and lost.
 */
export async function promoteStandby(servers: AddonServers, settings: FailoverSettings, timing: SyncTiming = realTiming): Promise<void> {
  await syncStandby(servers, settings, timing)
  const promoted = servers.replica as RedisServerProcess
  const old = servers.primary
  await withClient(promoted, client => client.call(['REPLICAOF', 'NO', 'ONE']))
  servers.primary = promoted
  servers.replica = null
  servers.retiring = old
  await withClient(old, client => client.call(['REPLICAOF', promoted.host, promoted.port]))
}

/** After config_var_updated: the app was released onto the new primary; the old one ends (its clients reconnect). */
export async function retireOldPrimary(servers: AddonServers): Promise<void> {
  const old = servers.retiring
  if (!old) return
  await old.stop()
  if (servers.retiring === old) servers.retiring = null
}

/** The standby's INFO replication: attached, and has applied the primary's stream up to `target`. */
async function standbyReached(standby: RedisServerProcess, target: number): Promise<boolean> {
  const fields = await withClient(standby, async client => parseInfo(await client.text(['INFO', 'replication'])))
  return fields.master_link_status === 'up' && Number(fields.slave_repl_offset) >= target
}

/**
 * Waits (bounded) until a standby is attached to the primary and has everything the primary had when
 * asked (its offset then): a primary that keeps taking writes is always a little ahead of its standby.
 */
export async function waitForStandby(primary: RedisServerProcess, standby: RedisServerProcess, timeoutMs: number, timing: SyncTiming = realTiming): Promise<void> {
  const deadline = timing.now() + timeoutMs
  const target = await withClient(primary, async client => Number(parseInfo(await client.text(['INFO', 'replication'])).master_repl_offset))
  while (!(await standbyReached(standby, target))) {
    if (timing.now() >= deadline) throw new StepFailure('standby_not_built', `the new standby did not catch up with the primary within ${timeoutMs} ms`)
    await timing.sleep(20)
  }
}

/** new_standby_built: a new redis-server replicating the new primary (from the same image), attached and caught up. */
export async function buildStandby(servers: AddonServers, settings: FailoverSettings, timing: SyncTiming = realTiming): Promise<void> {
  const {primary} = servers
  const standby = await RedisServerProcess.start({binary: settings.binary, image: primary.image, password: servers.password, replicaOf: primary.address})
  if (servers.closed) {
    await standby.stop()
    throw new StepFailure('standby_not_built', 'the sandbox stopped while the new standby was starting')
  }

  // Known to the fleet from now on, so that stopping the sandbox stops it too; HA status shows it syncing.
  servers.replica = standby
  try {
    await waitForStandby(primary, standby, settings.standbyTimeoutMs, timing)
  } catch (error) {
    if (servers.replica === standby) servers.replica = null
    await standby.stop()
    throw error
  }
}

/** Servers here have one user, Redis's default one, with the add-on's password. */
export const DEFAULT_USER = 'default'

/** The URL parts of a live primary, as the config var shows them (`redis://default:PASSWORD@127.0.0.1:PORT`). */
export function serverRecordOf(server: RedisServerProcess): ServerRecord {
  return {host: server.host, port: server.port, user: DEFAULT_USER, password: server.password, database: ''}
}

export interface WorkerHooks {
  servers(addonId: string): AddonServers | undefined
  /** The simulated clock, read when a step's work ends. */
  now(): DateTime
  /** Called after a step's work ends, so that the world moves on (and is saved). */
  changed(): void
  /** Reports a failure on the sandbox's stderr. */
  warn(line: string): void
}

interface RunWork {
  key: string
  /** The sandbox started after this run's first steps: its fresh primary and standby already stand for them. */
  inherited: boolean
  retiring: Promise<void>
  steps: Map<RunStepName, StepProgress>
}

/** Runs each step's real work when the simulated lifecycle asks for it, and reports back. */
export class FailoverWorker implements StepWorker {
  private readonly runs = new Map<string, RunWork>()
  private stopped = false

  constructor(private readonly settings: FailoverSettings, private readonly hooks: WorkerHooks, private readonly replacements?: StandbyReplacements) {}

  progress(addon: AddonRecord, step: RunStepName): null | StepProgress {
    if (!this.hooks.servers(addon.id)) return null
    return this.runOf(addon).steps.get(step) ?? {state: 'idle'}
  }

  start(addon: AddonRecord, step: RunStepName): void {
    const run = this.runOf(addon)
    const servers = this.hooks.servers(addon.id) as AddonServers
    if (run.inherited || step === 'config_var_updated') {
      run.steps.set(step, {at: this.hooks.now(), state: 'done'})
      return
    }

    run.steps.set(step, {state: 'busy'})
    exclusively(servers, () => this.perform(step, servers, run)).then(
      () => this.finish(run, step, {at: this.hooks.now(), state: 'done'}),
      (error: unknown) => {
        const failure = error instanceof StepFailure ? error : new StepFailure('failover_error', (error as Error).message)
        this.hooks.warn(`maintenance of ${addon.name} failed at ${step}: ${failure.message}`)
        this.finish(run, step, {at: this.hooks.now(), detail: failure.message, reason: failure.reason, state: 'failed'})
      },
    )
  }

  recorded(addon: AddonRecord, step: RunStepName): void {
    const run = this.runs.get(addon.id)
    const servers = this.hooks.servers(addon.id)
    if (!run || !servers) return
    if (step === 'config_var_updated' && !run.inherited) {
      run.retiring = retireOldPrimary(servers).catch((error: unknown) => {
        this.hooks.warn(`could not stop the old primary of ${addon.name}: ${(error as Error).message}`)
      })
    }

    if (step === 'new_standby_built') this.runs.delete(addon.id)
  }

  primaryServer(addon: AddonRecord): null | ServerRecord {
    const servers = this.hooks.servers(addon.id)
    return servers ? serverRecordOf(servers.primary) : null
  }

  replaceStandby(addonId: string, image: string): void {
    this.replacements?.start(addonId, image)
  }

  standbyReplacement(addonId: string): null | StepProgress {
    return this.replacements?.progress(addonId) ?? null
  }

  /** Work still running reports nothing more to the world. */
  stop(): void {
    this.stopped = true
    this.replacements?.stop()
  }

  /** A failed run's work stays here until the run is started again (a new start time makes a new key). */
  private finish(run: RunWork, step: RunStepName, progress: StepProgress): void {
    run.steps.set(step, progress)
    if (this.stopped) return
    try {
      this.hooks.changed()
    } catch (error) {
      // Called from a finished promise: nobody above could report it.
      this.hooks.warn(`could not record the end of ${step}: ${(error as Error).message}`)
    }
  }

  private async perform(step: RunStepName, servers: AddonServers, run: RunWork): Promise<void> {
    switch (step) {
    case 'standby_in_sync': {
      await syncStandby(servers, this.settings)
      break
    }

    case 'standby_promoted': {
      await promoteStandby(servers, this.settings)
      break
    }

    default: {
      await run.retiring
      await buildStandby(servers, this.settings)
    }
    }
  }

  private runOf(addon: AddonRecord): RunWork {
    const maintenance = addon.maintenance as NonNullable<AddonRecord['maintenance']>
    const key = `${maintenance.id}:${maintenance.startedAt}`
    let run = this.runs.get(addon.id)
    if (!run || run.key !== key) {
      run = {inherited: maintenance.steps.length > 0, key, retiring: Promise.resolve(), steps: new Map()}
      this.runs.set(addon.id, run)
    }

    return run
  }
}

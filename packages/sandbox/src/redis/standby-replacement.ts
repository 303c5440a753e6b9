import type {DateTime} from 'luxon'

import type {StepProgress} from '../lifecycle.js'

import {type AddonServers, exclusively, type FailoverSettings, realTiming, StepFailure, type SyncTiming, waitForStandby} from './failover.js'
import {RedisServerProcess} from './server-process.js'

/**
 * A fleet roll's first step on real servers (seed 000): the add-on's standby is replaced by a new
 * redis-server from the roll's image, replicating the primary, while the primary keeps serving. The
 * old standby is stopped only once the new one is attached and caught up, so the add-on is never
 * without a standby in sync.
 */

/** Why this attempt gave up; the replacement is tried again (see StandbyReplacements). */
function notReplaced(detail: string): StepFailure {
  return new StepFailure('standby_not_replaced', detail)
}

/** Starts the new standby, waits (bounded) until it has caught up, then puts it in the old one's place and stops that one. */
export async function replaceStandby(servers: AddonServers, settings: FailoverSettings, image: string, timing: SyncTiming = realTiming): Promise<RedisServerProcess> {
  const {primary, replica: replaced} = servers
  // Between a failover's promotion and its new standby there is none to replace: that run builds it.
  if (!replaced) throw notReplaced('the add-on has no standby right now (a maintenance is building one)')
  const standby = await RedisServerProcess.start({binary: settings.binary, image, password: servers.password, replicaOf: primary.address})
  // Known to the fleet from now on, so that stopping the sandbox stops it too.
  servers.replacing = standby
  try {
    if (servers.closed) throw notReplaced('the sandbox stopped while the new standby was starting')
    await waitForStandby(primary, standby, settings.standbyTimeoutMs, timing)
    if (servers.primary !== primary || servers.replica !== replaced) throw notReplaced('a maintenance moved the servers while the new standby was catching up')
  } catch (error) {
    servers.replacing = null
    await standby.stop()
    throw error
  }

  servers.replacing = null
  servers.replica = standby
  await replaced.stop()
  return standby
}

export interface ReplacementHooks {
  servers(addonId: string): AddonServers | undefined
  /** The add-on's name, for warnings. */
  nameOf(addonId: string): string
  /** The service's clock now (read when a replacement ends). */
  now(): DateTime
  /** Called after a replacement ended, so that the roll moves on (and the world is saved). */
  changed(): void
  warn(line: string): void
}

/** How long to wait before trying a failed replacement again. */
const RETRY_PAUSE_MS = 500

/** The roll's standby replacements on the live servers, each tried until it is done or the sandbox stops. */
export class StandbyReplacements {
  private readonly byAddon = new Map<string, StepProgress>()
  private stopped = false

  constructor(private readonly settings: FailoverSettings, private readonly hooks: ReplacementHooks, private readonly retryPauseMs = RETRY_PAUSE_MS) {}

  /** Starts replacing the add-on's standby (nothing for an add-on without live servers). */
  start(addonId: string, image: string): void {
    const servers = this.hooks.servers(addonId)
    if (!servers || this.stopped) return
    this.byAddon.set(addonId, {state: 'busy'})
    this.attempt(servers, image).then(replaced => {
      if (replaced) this.finish(addonId)
    }, (error: unknown) => this.hooks.warn(`the standby of ${this.hooks.nameOf(addonId)} was not replaced: ${(error as Error).message}`))
  }

  /**
   * Null when no real work stands behind the add-on's replacement (the simulated timing holds): it has
   * no live servers, or the sandbox started after the replacement began, so its fresh standby is a new one.
   */
  progress(addonId: string): null | StepProgress {
    return this.hooks.servers(addonId) ? this.byAddon.get(addonId) ?? null : null
  }

  /** Work still running reports nothing more. */
  stop(): void {
    this.stopped = true
  }

  /** True once replaced; false when the sandbox stopped first. */
  private async attempt(servers: AddonServers, image: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await exclusively(servers, () => replaceStandby(servers, this.settings, image))
        return true
      } catch (error) {
        if (this.stopped || servers.closed) return false
        this.hooks.warn(`replacing the standby of ${this.hooks.nameOf(servers.addonId)} failed (attempt ${attempt}, tried again): ${(error as Error).message}`)
        await new Promise(resolve => {
          setTimeout(resolve, this.retryPauseMs)
        })
      }
    }
  }

  private finish(addonId: string): void {
    if (this.stopped) return
    this.byAddon.set(addonId, {at: this.hooks.now(), state: 'done'})
    try {
      this.hooks.changed()
    } catch (error) {
      // Called from a finished promise: nobody above could report it.
      this.hooks.warn(`could not record the new standby of ${this.hooks.nameOf(addonId)}: ${(error as Error).message}`)
    }
  }
}

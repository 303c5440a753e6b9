import {DateTime} from 'luxon'

import type {StepWorker} from './lifecycle.js'
import type {AddonRecord, AppRecord, ReleaseRecord, SandboxState, ServerRecord} from './model.js'
import type {AddonServiceName} from './rules.js'

import {formatInstant, instant} from './clock.js'
import {notFound} from './http-error.js'
import {RUN_STEPS} from './model.js'
import {SeededRandom} from './random.js'

/** Seconds from a run's start to each step on the manual clock. */
const SIMULATED_STEP_OFFSETS: readonly number[] = RUN_STEPS.map(step => step.offsetSeconds)

/** The saved state plus the generator that continues its random sequence, with lookups the routes share. */
export class World {
  readonly random: SeededRandom
  readonly state: SandboxState
  /** Real work behind run steps (the `--redis` servers); null in the simulated model. */
  stepWorker: null | StepWorker = null
  /** Seconds from a run's start to each of its steps (RUN_STEPS' offsets unless the clock runs in real time). */
  stepOffsets: readonly number[] = SIMULATED_STEP_OFFSETS
  /**
   * When (epoch ms) the service side acts next, as last worked out by advanceWorld; null when it must
   * be worked out again (after anything changed the world). Infinity when nothing is due.
   */
  nextDueMs: null | number = null
  private appIndex = new Map<string, AppRecord>()
  private releaseIndex = new Map<string, ReleaseRecord[]>()
  private releaseIndexCounted = -1
  private releaseIndexFirst: ReleaseRecord | undefined
  private versions = new Map<string, number>()
  /** How many releases `versions` accounts for (after the one about to be added). */
  private versionsCounted = -1

  constructor(state: SandboxState) {
    this.state = state
    this.random = new SeededRandom(state.randomState)
  }

  now(): DateTime {
    return instant(this.state.clock)
  }

  /** Something changed the world from outside the service side's own events: when it acts next must be worked out again. */
  changed(): void {
    this.nextDueMs = null
  }

  /** Copies the generator's position into the state, so that saving it saves the sequence too. */
  syncRandom(): void {
    this.state.randomState = this.random.state
  }

  findApp(idOrName: string): AppRecord | undefined {
    return this.state.apps.find(app => app.id === idOrName || app.name === idOrName)
  }

  requireApp(idOrName: string): AppRecord {
    const app = this.findApp(idOrName)
    if (!app) throw notFound(`Couldn't find that app: ${idOrName}.`)
    return app
  }

  findAddon(idOrName: string): AddonRecord | undefined {
    return this.state.addons.find(addon => addon.id === idOrName || addon.name === idOrName)
  }

  requireAddon(idOrName: string): AddonRecord {
    const addon = this.findAddon(idOrName)
    if (!addon) throw notFound(`Couldn't find that add-on: ${idOrName}.`)
    return addon
  }

  appById(id: string): AppRecord {
    // Apps are only ever added while a seed is built: the index is rebuilt when their number changed.
    if (this.appIndex.size !== this.state.apps.length) this.appIndex = new Map(this.state.apps.map(candidate => [candidate.id, candidate]))
    const app = this.appIndex.get(id)
    if (!app) throw new Error(`the state refers to a missing app ${id}`)
    return app
  }

  /** Add-ons attached to the app (owned or attached from another app), in creation order. */
  addonsOnApp(app: AppRecord): AddonRecord[] {
    return this.state.addons.filter(addon => addon.appId === app.id || addon.attachments.some(attachment => attachment.appId === app.id))
  }

  /** The config var names an add-on sets on one app (every app when none is given). */
  configVarNames(addon: AddonRecord, app?: AppRecord): string[] {
    return addon.attachments
    .filter(attachment => !app || attachment.appId === app.id)
    .map(attachment => `${attachment.name}_URL`)
  }

  /** The app's config vars: its own plus one URL per attachment. */
  configVars(app: AppRecord): Record<string, string> {
    const vars: Record<string, string> = {...app.configVars}
    for (const addon of this.state.addons) {
      for (const attachment of addon.attachments) {
        if (attachment.appId === app.id) vars[`${attachment.name}_URL`] = serverUrl(addon.service, addon.server)
      }
    }

    return vars
  }

  releasesOf(app: AppRecord): ReleaseRecord[] {
    // Indexed by app, again whenever releases were added (or renumbered while a seed is built).
    const {releases} = this.state
    if (this.releaseIndexCounted !== releases.length || this.releaseIndexFirst !== releases[0]) {
      this.releaseIndex = new Map()
      for (const release of releases) {
        const list = this.releaseIndex.get(release.appId)
        if (list) list.push(release)
        else this.releaseIndex.set(release.appId, [release])
      }

      this.releaseIndexCounted = releases.length
      this.releaseIndexFirst = releases[0]
    }

    return [...(this.releaseIndex.get(app.id) ?? [])]
  }

  addRelease(app: AppRecord, description: string, at: DateTime): ReleaseRecord {
    const version = this.latestVersion(app.id) + 1
    const release: ReleaseRecord = {id: this.random.uuid(), appId: app.id, version, description, createdAt: formatInstant(at)}
    this.state.releases.push(release)
    this.versions.set(app.id, version)
    return release
  }

  /** The app's highest release version (0 before its first), from an index kept as releases are added. */
  private latestVersion(appId: string): number {
    if (this.versionsCounted !== this.state.releases.length) {
      this.versions = new Map()
      for (const release of this.state.releases) this.versions.set(release.appId, Math.max(this.versions.get(release.appId) ?? 0, release.version))
    }

    this.versionsCounted = this.state.releases.length + 1
    return this.versions.get(appId) ?? 0
  }

  /** A new fake server for an add-on, as a failover or a provision would bring. */
  newServer(service: AddonServiceName): ServerRecord {
    return {
      host: '127.0.0.1',
      port: 10_000 + this.random.integer(50_000),
      user: service === 'heroku-redis' ? 'h' : `u${this.random.hex(12)}`,
      password: `p${this.random.hex(31)}`,
      database: service === 'heroku-redis' ? '' : `d${this.random.hex(13)}`,
    }
  }
}

/** The URL an attachment's config var holds for a server. */
export function serverUrl(service: AddonServiceName, server: ServerRecord): string {
  if (service === 'heroku-redis') return `redis://${server.user}:${server.password}@${server.host}:${server.port}`
  return `postgres://${server.user}:${server.password}@${server.host}:${server.port}/${server.database}`
}

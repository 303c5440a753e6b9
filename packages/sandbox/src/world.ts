import {DateTime} from 'luxon'

import type {StepWorker} from './lifecycle.js'
import type {AddonRecord, AppRecord, ReleaseRecord, RollAddonRecord, RollRecord, SandboxState, ServerRecord} from './model.js'
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
  /**
   * The service side's due events as advanceWorld left them (see lifecycle.ts), kept from one advance
   * to the next; null when they must be worked out again.
   */
  schedule: unknown = null
  /** Add-on indexes whose next event something other than their own event changed (a roll started their run). */
  readonly touched: number[] = []
  /** A roll's own next event changed through another add-on's event. */
  rollsTouched = false
  private addonIndex = new Map<string, AddonRecord>()
  private addonPositions = new Map<string, number>()
  private addonsByApp = new Map<string, AddonRecord[]>()
  private addonsIndexed = -1
  private appIndex = new Map<string, AppRecord>()
  private appNameIndex = new Map<string, AppRecord>()
  private rollEntries = new Map<string, Map<string, RollAddonRecord>>()
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
    this.schedule = null
  }

  /** The add-on's next event must be worked out again (during advanceWorld). */
  touch(addon: AddonRecord): void {
    this.indexAddons()
    this.touched.push(this.addonPositions.get(addon.id) as number)
  }

  /** A roll's own next event must be worked out again (during advanceWorld). */
  rollsChanged(): void {
    this.rollsTouched = true
  }

  rollById(id: string): RollRecord | undefined {
    return this.state.rolls.find(roll => roll.id === id)
  }

  /** The roll in progress, if any (one at a time). */
  activeRoll(): RollRecord | undefined {
    const last = this.state.rolls.at(-1)
    return last && last.status !== 'completed' ? last : undefined
  }

  /** The roll's record of one add-on. */
  rollEntry(roll: RollRecord, addonId: string): RollAddonRecord | undefined {
    let entries = this.rollEntries.get(roll.id)
    if (!entries || entries.size !== roll.addons.length) {
      entries = new Map(roll.addons.map(entry => [entry.addonId, entry]))
      this.rollEntries.set(roll.id, entries)
    }

    return entries.get(addonId)
  }

  /** Copies the generator's position into the state, so that saving it saves the sequence too. */
  syncRandom(): void {
    this.state.randomState = this.random.state
  }

  findApp(idOrName: string): AppRecord | undefined {
    this.indexApps()
    return this.appIndex.get(idOrName) ?? this.appNameIndex.get(idOrName)
  }

  requireApp(idOrName: string): AppRecord {
    const app = this.findApp(idOrName)
    if (!app) throw notFound(`Couldn't find that app: ${idOrName}.`)
    return app
  }

  findAddon(idOrName: string): AddonRecord | undefined {
    this.indexAddons()
    return this.addonIndex.get(idOrName)
  }

  requireAddon(idOrName: string): AddonRecord {
    const addon = this.findAddon(idOrName)
    if (!addon) throw notFound(`Couldn't find that add-on: ${idOrName}.`)
    return addon
  }

  appById(id: string): AppRecord {
    this.indexApps()
    const app = this.appIndex.get(id)
    if (!app) throw new Error(`the state refers to a missing app ${id}`)
    return app
  }

  /** Add-ons attached to the app (owned or attached from another app), in creation order. */
  addonsOnApp(app: AppRecord): AddonRecord[] {
    this.indexAddons()
    return [...(this.addonsByApp.get(app.id) ?? [])]
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
    for (const addon of this.addonsOnApp(app)) {
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
    // Split and joined again (the same text) into one flat string: one built from parts keeps a node per part, for each release of a fleet.
    const flat = description.split(' ').join(' ')
    const release: ReleaseRecord = {id: this.random.uuid(), appId: app.id, version, description: flat, createdAt: formatInstant(at)}
    this.state.releases.push(release)
    this.versions.set(app.id, version)
    return release
  }

  /** Apps and add-ons are only ever added while a seed is built: the indexes are rebuilt when their number changed. */
  private indexApps(): void {
    if (this.appIndex.size === this.state.apps.length) return
    this.appIndex = new Map(this.state.apps.map(app => [app.id, app]))
    this.appNameIndex = new Map(this.state.apps.map(app => [app.name, app]))
  }

  private indexAddons(): void {
    const {addons} = this.state
    if (this.addonsIndexed === addons.length) return
    this.addonIndex = new Map()
    this.addonPositions = new Map()
    this.addonsByApp = new Map()
    for (const [position, addon] of addons.entries()) {
      this.addonIndex.set(addon.name, addon)
      this.addonPositions.set(addon.id, position)
      const appIds = new Set([addon.appId, ...addon.attachments.map(attachment => attachment.appId)])
      for (const appId of appIds) {
        const list = this.addonsByApp.get(appId)
        if (list) list.push(addon)
        else this.addonsByApp.set(appId, [addon])
      }
    }

    // Ids win over names, as the linear search they replace found the first match by either.
    for (const addon of addons) this.addonIndex.set(addon.id, addon)
    this.addonsIndexed = addons.length
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
      // Each joined into one flat string (a fleet holds hundreds of thousands of servers).
      user: service === 'heroku-redis' ? 'h' : ['u', this.random.hex(12)].join(''),
      password: ['p', this.random.hex(31)].join(''),
      database: service === 'heroku-redis' ? '' : ['d', this.random.hex(13)].join(''),
    }
  }
}

/** The URL an attachment's config var holds for a server. */
export function serverUrl(service: AddonServiceName, server: ServerRecord): string {
  if (service === 'heroku-redis') return `redis://${server.user}:${server.password}@${server.host}:${server.port}`
  return `postgres://${server.user}:${server.password}@${server.host}:${server.port}/${server.database}`
}

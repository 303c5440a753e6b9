import type {DateTime} from 'luxon'

import type {AddonRecord} from '../model.js'
import type {Route} from '../router.js'
import type {World} from '../world.js'

import {type AddonServers, type FailoverSettings, FailoverWorker, serverRecordOf, waitForStandby} from './failover.js'
import {parseInfo} from './resp.js'
import {liveRedisRoutes} from './routes.js'
import {findRedisServer, RedisServerProcess} from './server-process.js'
import {StandbyReplacements} from './standby-replacement.js'

/**
 * `--redis`: every Redis add-on of the world that is not on the mini plan gets a real primary and a
 * standby replicating it (REPLICAOF), on free loopback ports, password-protected (requirepass, the
 * password in the URL of Redis's default user: `redis://default:PASSWORD@127.0.0.1:PORT`, which apps'
 * clients and `redis-cli -u` both accept). The add-on's config var points at the
 * primary, and its runs move it for real (see failover.ts).
 */

export interface RedisFleetOptions {
  /** The redis-server to run; default the one on PATH. */
  binary?: string
  pauseMs?: number
  syncTimeoutMs?: number
  standbyTimeoutMs?: number
}

export interface FleetHooks {
  /** Called after real work ended, so that the world moves on and is saved. */
  changed(): void
  /**
   * The service's clock now (on the real clock it runs ahead of the world between two advances); when
   * a roll's standby replacement ends. Default the world's time.
   */
  now?(): DateTime
  warn(line: string): void
}

/** What `redis:info` shows of the live servers. */
export interface LiveInfo {
  version: string
  usedMemory: string
  clients: number
  /** `Available` when a standby is attached and replicating, otherwise what is missing. */
  haStatus: string
}

export const DEFAULT_SETTINGS = {pauseMs: 30_000, standbyTimeoutMs: 15_000, syncTimeoutMs: 5000}

/** The add-ons that get real servers: Redis, with a standby (every plan but mini). */
export function hasRealServers(addon: AddonRecord): boolean {
  return addon.service === 'heroku-redis' && addon.plan !== 'mini'
}

export class RedisFleet {
  readonly worker: FailoverWorker
  private readonly byAddon = new Map<string, AddonServers>()
  private closing: Promise<void> | undefined

  private constructor(private readonly world: World, readonly settings: FailoverSettings, hooks: FleetHooks) {
    const replacements = new StandbyReplacements(settings, {
      changed: () => hooks.changed(),
      nameOf: addonId => world.findAddon(addonId)?.name ?? addonId,
      now: () => hooks.now?.() ?? world.now(),
      servers: addonId => this.byAddon.get(addonId),
      warn: line => hooks.warn(line),
    })
    this.worker = new FailoverWorker(settings, {
      changed: () => hooks.changed(),
      now: () => world.now(),
      servers: addonId => this.byAddon.get(addonId),
      warn: line => hooks.warn(line),
    }, replacements)
  }

  /**
   * Starts the servers and points each add-on at its primary. Null (after one warning) when there is
   * no redis-server to run: the sandbox then keeps the simulated model.
   */
  static async start(world: World, options: RedisFleetOptions, hooks: FleetHooks): Promise<null | RedisFleet> {
    const binary = options.binary ?? findRedisServer()
    if (!binary || !findRedisServer(undefined, binary)) {
      hooks.warn(`--redis: ${options.binary ?? 'redis-server'} was not found ${options.binary ? '' : 'on PATH '}or cannot be run; Redis add-ons stay simulated.`)
      return null
    }

    const settings: FailoverSettings = {...DEFAULT_SETTINGS, ...options, binary}
    const fleet = new RedisFleet(world, settings, hooks)
    try {
      for (const addon of world.state.addons.filter(candidate => hasRealServers(candidate))) await fleet.startAddon(addon)
    } catch (error) {
      await fleet.stop()
      throw error
    }

    world.stepWorker = fleet.worker
    return fleet
  }

  servers(addonId: string): AddonServers | undefined {
    return this.byAddon.get(addonId)
  }

  /** Every process the fleet runs now (primaries, standbys, a primary being retired, a roll's standby catching up). */
  processes(): RedisServerProcess[] {
    return [...this.byAddon.values()].flatMap(servers => [servers.primary, servers.replica, servers.retiring, servers.replacing]).filter(server => server !== null)
  }

  routes(): Route[] {
    return liveRedisRoutes(this.world, this)
  }

  /** Version, memory, clients and HA status from the live servers' INFO. */
  async liveInfo(addonId: string): Promise<LiveInfo | undefined> {
    const servers = this.byAddon.get(addonId)
    if (!servers) return undefined
    const client = await servers.primary.connect()
    let fields: Record<string, string>
    try {
      fields = parseInfo(await client.text(['INFO'], 2000))
    } finally {
      client.close()
    }

    return {
      // This very connection is one of the connected clients; the app's are the others.
      clients: Math.max(0, Number(fields.connected_clients) - 1),
      haStatus: await this.haStatus(servers),
      usedMemory: fields.used_memory_human,
      version: fields.redis_version,
    }
  }

  /** Ends every process and removes their directories; work in flight no longer changes the world. */
  stop(): Promise<void> {
    this.closing ??= (async () => {
      this.worker.stop()
      if (this.world.stepWorker === this.worker) this.world.stepWorker = null
      for (const servers of this.byAddon.values()) servers.closed = true
      await Promise.all(this.processes().map(server => server.stop()))
    })()
    return this.closing
  }

  private async haStatus(servers: AddonServers): Promise<string> {
    if (!servers.replica) return 'Unavailable (no standby yet)'
    try {
      const client = await servers.replica.connect()
      try {
        const fields = parseInfo(await client.text(['INFO', 'replication'], 2000))
        return fields.master_link_status === 'up' ? 'Available' : 'Unavailable (standby syncing)'
      } finally {
        client.close()
      }
    } catch {
      return 'Unavailable (standby not answering)'
    }
  }

  private async startAddon(addon: AddonRecord): Promise<void> {
    // The add-on keeps its password across failovers; only its host and port move.
    const password = addon.server.password || `p${this.world.random.hex(31)}`
    const primary = await RedisServerProcess.start({binary: this.settings.binary, password})
    const servers: AddonServers = {addonId: addon.id, closed: false, password, primary, replica: null, replacing: null, retiring: null, work: Promise.resolve()}
    this.byAddon.set(addon.id, servers)
    servers.replica = await RedisServerProcess.start({binary: this.settings.binary, password, replicaOf: primary.address})
    await waitForStandby(primary, servers.replica, this.settings.standbyTimeoutMs)
    addon.server = serverRecordOf(primary)
  }
}

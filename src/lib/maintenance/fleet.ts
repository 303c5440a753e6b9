import type {Apis} from '../api/index.js'
import type {HerokuApp, Maintenance} from './types.js'

import {RateLimitReserveError} from '../errors.js'
import {settleWithLimit} from './concurrency.js'
import {orderByRequiredBy} from './list.js'

/** Requests in flight at once when listing every app (`--concurrency`). */
export const FLEET_CONCURRENCY = {default: 8, max: 32, min: 1} as const

/**
 * `--rate-limit-reserve`: the API requests the fleet view leaves unspent for the account's other uses
 * (deploys share the budget of 4500, refilling at about 75 a minute).
 */
export const RATE_LIMIT_RESERVE = {default: 100, max: 4500, min: 0} as const

/** An app whose maintenances could not be listed, and why. */
export interface AppFailure {
  app: string
  error: unknown
  message: string
}

export interface FleetListing {
  /** How many apps the account has. */
  apps: number
  /** In the order of the apps (by name). */
  failures: AppFailure[]
  /** Every maintenance of the apps that answered, soonest required_by first. */
  maintenances: Maintenance[]
  /** Apps not asked (by name) because the rate-limit reserve was reached, and the limit as it then stood. */
  notRead?: {apps: string[]; remaining: number; reserve: number}
}

export interface FleetOptions {
  apps: readonly HerokuApp[]
  concurrency: number
  /** One app's maintenances (the Data API takes the app's id, which the apps list already has). */
  fetch: (app: HerokuApp) => Promise<Maintenance[]>
  onProgress?: (settled: number, total: number) => void
}

/** The maintenances of every app, fetched a bounded number at a time; an app that fails is a failure in the listing, not an error. */
export async function listFleetMaintenances(options: FleetOptions): Promise<FleetListing> {
  const apps = [...options.apps].sort((a, b) => a.name.localeCompare(b.name))
  if (apps.length > 0) options.onProgress?.(0, apps.length)
  const results = await settleWithLimit(apps, options.concurrency, app => options.fetch(app), options.onProgress)
  const maintenances: Maintenance[] = []
  const failures: AppFailure[] = []
  let notRead: FleetListing['notRead']
  for (const [index, result] of results.entries()) {
    const {name} = apps[index]
    if (result.ok) maintenances.push(...result.value)
    else if (result.error instanceof RateLimitReserveError) {
      const {remaining, reserve} = result.error
      notRead = {apps: [...(notRead?.apps ?? []), name], remaining: Math.min(remaining, notRead?.remaining ?? remaining), reserve}
    } else failures.push({app: name, error: result.error, message: result.error instanceof Error ? result.error.message : String(result.error)})
  }

  return {apps: apps.length, failures, maintenances: orderByRequiredBy(maintenances), ...(notRead ? {notRead} : {})}
}

/**
 * Every app the token can see, then each app's maintenances (at most `concurrency` requests at once). With
 * a `reserve`, no request is started once the API's rate limit has that many requests left (those in
 * flight finish): the apps not asked are `notRead`.
 */
export async function listEveryAppMaintenances(
  apis: Partial<Pick<Apis, 'rateLimit'>> & Pick<Apis, 'data' | 'platform'>,
  options: Pick<FleetOptions, 'concurrency' | 'onProgress'> & {reserve?: number},
): Promise<FleetListing> {
  if (apis.rateLimit && options.reserve !== undefined) apis.rateLimit.reserve = options.reserve
  const apps = await apis.platform.listApps()
  return listFleetMaintenances({...options, apps, fetch: app => apis.data.listForApp(app.id)})
}

/**
 * The error a fleet view ends with when the rate-limit reserve stopped it: how many apps were not read and
 * why. What was read is printed before it (and is in its JSON document).
 */
export function fleetStoppedByReserve(listing: FleetListing, shown: Maintenance[]): RateLimitReserveError | undefined {
  const {notRead} = listing
  if (!notRead) return undefined
  const count = notRead.apps.length
  return new RateLimitReserveError({
    document: {apps_not_read: notRead.apps, maintenances: shown},
    message: [
      `${count} of ${listing.apps} apps ${count === 1 ? 'was' : 'were'} not read: the API rate limit had ${notRead.remaining} requests left,`,
      `at or below the reserve of ${notRead.reserve} (--rate-limit-reserve) kept for the account's other uses such as deploys.`,
      'It refills at about 75 requests a minute: run it again later.',
    ].join(' '),
    remaining: notRead.remaining,
    reserve: notRead.reserve,
  })
}

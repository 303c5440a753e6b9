import type {Apis} from '../api/index.js'
import type {HerokuApp, Maintenance} from './types.js'

import {ValidationError} from '../errors.js'
import {orderByRequiredBy} from './list.js'

/** Requests in flight at once when listing every app (`--concurrency`). */
export const FLEET_CONCURRENCY = {default: 8, max: 32, min: 1} as const

/** `--concurrency`: a whole number from 1 to 32, checked before any request. */
export function parseConcurrency(text?: string): number {
  if (text === undefined) return FLEET_CONCURRENCY.default
  const value = text.trim()
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(number) || number < FLEET_CONCURRENCY.min || number > FLEET_CONCURRENCY.max) {
    throw new ValidationError(`--concurrency ${JSON.stringify(text)} is not valid: give a whole number from ${FLEET_CONCURRENCY.min} to ${FLEET_CONCURRENCY.max}.`)
  }

  return number
}

export type Settled<R> = {error: unknown; ok: false} | {ok: true; value: R}

/**
 * Runs `task` on every item with at most `limit` of them pending at once, and settles them all: one
 * rejection does not stop the others. Results come back in the order of `items`; `onSettled` is told
 * after each one how many have settled so far.
 */
export async function settleWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  onSettled?: (settled: number, total: number) => void,
): Promise<Settled<R>[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number of at least 1, not ${limit}`)
  const results: Settled<R>[] = Array.from({length: items.length})
  let next = 0
  let settled = 0
  // Each worker takes the next item as soon as its previous one settles, so that at most `limit` are pending.
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      try {
        results[index] = {ok: true, value: await task(items[index])}
      } catch (error) {
        results[index] = {error, ok: false}
      }

      settled++
      onSettled?.(settled, items.length)
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, items.length)}, () => worker()))
  return results
}

/** An app whose maintenances could not be listed, and why. */
export interface AppFailure {
  app: string
  error: unknown
  message: string
}

export interface FleetListing {
  /** How many apps were asked. */
  apps: number
  /** In the order of the apps (by name). */
  failures: AppFailure[]
  /** Every maintenance of the apps that answered, soonest required_by first. */
  maintenances: Maintenance[]
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
  for (const [index, result] of results.entries()) {
    if (result.ok) maintenances.push(...result.value)
    else failures.push({app: apps[index].name, error: result.error, message: result.error instanceof Error ? result.error.message : String(result.error)})
  }

  return {apps: apps.length, failures, maintenances: orderByRequiredBy(maintenances)}
}

/** Every app the token can see, then each app's maintenances (at most `concurrency` requests at once). */
export async function listEveryAppMaintenances(
  apis: Pick<Apis, 'data' | 'platform'>,
  options: Pick<FleetOptions, 'concurrency' | 'onProgress'>,
): Promise<FleetListing> {
  const apps = await apis.platform.listApps()
  return listFleetMaintenances({...options, apps, fetch: app => apis.data.listForApp(app.id)})
}

/** The stderr line for an app that could not be listed. */
export function describeAppFailure(failure: AppFailure): string {
  return `Warning: could not list maintenances of ${failure.app}: ${failure.message}`
}

/** What to say when the listing has no maintenance at all; nothing when no app could be listed (the warnings say it all). */
export function describeEmptyFleet({apps, failures}: Pick<FleetListing, 'apps' | 'failures'>): string | undefined {
  if (apps === 0) return 'You have no apps: there is no maintenance to list.'
  const listed = apps - failures.length
  if (listed === 0) return undefined
  return `No Postgres or Key-Value Store add-ons on ${listed} ${listed === 1 ? 'app' : 'apps'}${failures.length > 0 ? ` (${failures.length} could not be listed)` : ''}.`
}

/** The progress line shown on a terminal while the apps are fetched. */
export function describeFleetProgress(settled: number, total: number): string {
  return `Fetching maintenances: ${settled}/${total} apps`
}

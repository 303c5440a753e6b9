import type {AppFailure, FleetListing} from '../maintenance/fleet.js'

/** The stderr line for an app that could not be listed. */
export function describeAppFailure(failure: AppFailure): string {
  return `Warning: could not list maintenances of ${failure.app}: ${failure.message}`
}

/** What to say when the listing has no maintenance at all; nothing when no app could be listed (the warnings say it all). */
export function describeEmptyFleet({apps, failures, notRead}: Pick<FleetListing, 'apps' | 'failures' | 'notRead'>): string | undefined {
  if (apps === 0) return 'You have no apps: there is no maintenance to list.'
  const unread = notRead?.apps.length ?? 0
  const listed = apps - failures.length - unread
  if (listed === 0) return undefined
  const others = [failures.length > 0 ? `${failures.length} could not be listed` : '', unread > 0 ? `${unread} not read` : ''].filter(Boolean).join(', ')
  return `No Postgres or Key-Value Store add-ons on ${listed} ${listed === 1 ? 'app' : 'apps'}${others ? ` (${others})` : ''}.`
}

/** The progress line shown on a terminal while the apps are fetched. */
export function describeFleetProgress(settled: number, total: number): string {
  return `Fetching maintenances: ${settled}/${total} apps`
}

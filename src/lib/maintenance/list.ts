import type {Apis} from '../api/index.js'
import type {Maintenance} from './types.js'

import {readNamedApp} from './addon.js'
import {timeSortKey} from './time.js'

/** Soonest `required_by` first, add-ons with none last; ties by add-on then app name so that the order never depends on the API's. */
export function orderByRequiredBy(maintenances: Maintenance[]): Maintenance[] {
  return maintenances
  .map(m => ({key: timeSortKey(m.required_by), m}))
  .sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === undefined) return 1
      if (b.key === undefined) return -1
      return a.key - b.key
    }

    return a.m.addon.name.localeCompare(b.m.addon.name) || a.m.app.name.localeCompare(b.m.app.name)
  })
  .map(({m}) => m)
}

/** The maintenance of every data add-on of one app, in the default order (the API needs the app's id, not its name). */
export async function listAppMaintenances(apis: Pick<Apis, 'data' | 'platform'>, appName: string): Promise<Maintenance[]> {
  const app = await readNamedApp(appName, () => apis.platform.getApp(appName))
  return orderByRequiredBy(await apis.data.listForApp(app.id))
}

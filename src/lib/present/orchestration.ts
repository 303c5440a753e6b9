import type {MaintenanceModeTexts} from '../maintenance/orchestration.js'

import {formatElapsed} from '../format/duration.js'
import {followCommand} from './wait.js'

/** The command that undoes what the run could not: a person must run it. */
export function maintenanceOffCommand(app: string): string {
  return `heroku maintenance:off -a ${app}`
}

/** The failover may still be running while the app is out of maintenance mode again. */
export function describeSwitchedOffDuringFailover(app: string, addon: string): string {
  return `Maintenance mode of ${app} is off again, but the failover of ${addon} may still be running: follow it with ${followCommand(addon, app)}.`
}

/** What `run --maintenance-mode` says on stderr and adds to its failures. */
export const maintenanceModeTexts: MaintenanceModeTexts = {
  alreadyOn: app => `${app} is already in maintenance mode: it stays on after the maintenance.`,
  disabling: app => `Disabling maintenance mode for ${app}`,
  enabling: app => `Enabling maintenance mode for ${app}`,
  followCommand,
  notRestored(addon, app, message) {
    const still = `${app} is still in maintenance mode: run ${maintenanceOffCommand(app)}`
    return `Maintenance of ${addon} completed, but ${still}. Switching it off failed: ${message}`
  },
  notSwitchedOff(app, message, elapsedMs) {
    const state = elapsedMs === undefined ? 'MAY STILL BE IN MAINTENANCE MODE' : `IS STILL IN MAINTENANCE MODE (for ${formatElapsed(elapsedMs)} so far)`
    return [`!! ${app} ${state}: switching it off failed: ${message}`, `!! Switch it off yourself now: ${maintenanceOffCommand(app)}`]
  },
  restoring: app => `Switching maintenance mode back off for ${app}, as it was before`,
  starting: addon => `Starting maintenance for ${addon}`,
  stillRunning(addon, app, switchedOff) {
    if (switchedOff) return describeSwitchedOffDuringFailover(app, addon)
    return `The failover of ${addon} may still be running: follow it with ${followCommand(addon, app)}.`
  },
  wasOnFor: (app, elapsedMs) => `${app} was in maintenance mode for ${formatElapsed(elapsedMs)}.`,
}

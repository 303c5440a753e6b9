import {Args} from '@oclif/core'

import type {MaintenanceWindow} from '../../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../../lib/base-command.js'
import {app, remote} from '../../../../lib/flags.js'
import {renderKeyValues} from '../../../../lib/format/key-value.js'
import {parseAddonReference, resolveAddon} from '../../../../lib/maintenance/addon.js'
import {ensureManualMaintenanceAllowed} from '../../../../lib/maintenance/plans.js'
import {describeWindowUpdate, parseDayOfWeek, parseTimeOfDay, windowRequest} from '../../../../lib/maintenance/window.js'

export default class WindowUpdate extends BaseCommand {
  static override args = {
    addon: Args.string({description: 'add-on name, attachment (REDIS_URL, DATABASE) or APP::ATTACHMENT', required: true}),
    day: Args.string({description: 'day the window starts: a weekday (Sunday, sundays, SUNDAY) or its abbreviation (sun)', required: true}),
    time: Args.string({description: 'UTC time the 4-hour window starts: 24-hour HH:MM (14:30) or H:MM AM/PM (2:30 PM)', required: true}),
  }
  static override description = 'set the weekly maintenance window of a Postgres or Key-Value Store add-on (its start in UTC; windows last 4 hours)'
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL Sunday 14:30 --app example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 fri "9:00 PM" --json',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE tuesdays 06:00',
  ]
  static override flags = {app: app(), remote}

  async run(): Promise<MaintenanceWindow> {
    const {args, flags} = await this.parse(WindowUpdate)
    parseAddonReference(args.addon, flags.app)
    const request = windowRequest(parseDayOfWeek(args.day), parseTimeOfDay(args.time))
    const {data, platform} = await this.apis()
    const addon = await resolveAddon(platform, args.addon, flags.app)
    ensureManualMaintenanceAllowed(addon, 'set a maintenance window')
    const before = await data.window(addon.id)
    const after = await data.updateWindow(addon.id, request)
    this.log(renderKeyValues(describeWindowUpdate(before, after, request)))
    return after
  }
}

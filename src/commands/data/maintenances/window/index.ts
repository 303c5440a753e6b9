
import type {MaintenanceWindow} from '../../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../../lib/base-command.js'
import {addonArg, app, displayZone, remote, tz} from '../../../../lib/flags.js'
import {renderKeyValues} from '../../../../lib/format/key-value.js'
import {parseAddonReference, resolveAddon} from '../../../../lib/maintenance/addon.js'
import {describeWindow} from '../../../../lib/present/window.js'

export default class ShowWindow extends BaseCommand {
  static override aliases = ['data-maintenances:window']
  static override args = {
    addon: addonArg,
  }
  static override description = 'show the weekly maintenance window of a Postgres or Key-Value Store add-on, and when the next maintenance is scheduled'
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 --json',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE',
    '<%= config.bin %> <%= command.id %> REDIS_URL -a example-app --tz America/Los_Angeles',
  ]
  static override flags = {app: app(), remote, tz}

  async run(): Promise<MaintenanceWindow> {
    const {args, flags} = await this.parse(ShowWindow)
    const zone = displayZone(flags.tz)
    parseAddonReference(args.addon, flags.app)
    const {data, platform} = await this.apis()
    const addon = await resolveAddon(platform, args.addon, flags.app)
    const window = await data.window(addon.id)
    this.log(renderKeyValues(describeWindow(window, zone)))
    return window
  }
}

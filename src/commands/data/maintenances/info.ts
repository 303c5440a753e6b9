import {DateTime} from 'luxon'

import type {Maintenance} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {addonArg, app, displayZone, remote, tz} from '../../../lib/flags.js'
import {renderKeyValues} from '../../../lib/format/key-value.js'
import {parseAddonReference, resolveAddon} from '../../../lib/maintenance/addon.js'
import {describeMaintenance, MAINTENANCE_ROLES} from '../../../lib/present/info.js'

export default class Info extends BaseCommand {
  static override aliases = ['data-maintenances:info']
  static override args = {
    addon: addonArg,
  }
  static override description = 'show the current or most recent maintenance of a Postgres or Key-Value Store add-on'
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 --json',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE',
    '<%= config.bin %> <%= command.id %> REDIS_URL -a example-app --tz Europe/Berlin',
  ]
  static override flags = {app: app(), remote, tz}

  async run(): Promise<Maintenance> {
    const {args, flags} = await this.parse(Info)
    const zone = displayZone(flags.tz)
    parseAddonReference(args.addon, flags.app)
    const {data, platform} = await this.apis()
    const addon = await resolveAddon(platform, args.addon, flags.app)
    const maintenance = await data.info(addon.id)
    this.log(renderKeyValues(describeMaintenance(maintenance, DateTime.now(), zone), {colors: this.palette(), roles: MAINTENANCE_ROLES}))
    return maintenance
  }
}

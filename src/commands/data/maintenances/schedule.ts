import {Args, Flags} from '@oclif/core'

import type {Maintenance} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {app, remote} from '../../../lib/flags.js'
import {renderKeyValues} from '../../../lib/format/key-value.js'
import {parseAddonReference, resolveAddon} from '../../../lib/maintenance/addon.js'
import {ensureManualMaintenanceAllowed} from '../../../lib/maintenance/plans.js'
import {describeReschedule, MAX_DELAY_WEEKS, planReschedule, scheduleRequest} from '../../../lib/maintenance/schedule.js'

export default class Schedule extends BaseCommand {
  static override args = {
    addon: Args.string({description: 'add-on name, attachment (REDIS_URL, DATABASE) or APP::ATTACHMENT', required: true}),
  }
  static override description = 'move the scheduled maintenance of a Postgres or Key-Value Store add-on by whole weeks (never past its required_by time)'
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL --weeks 2 --app example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 --weeks=-1',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE --week 2026-W50 --json',
    '<%= config.bin %> <%= command.id %> DATABASE --week 2026-12-07 -a example-app',
  ]
  static override flags = {
    app: app(),
    remote,
    week: Flags.string({description: 'move it into the ISO week (Monday to Sunday, UTC) of this date (2026-12-07) or this ISO week (2026-W50)', helpValue: 'DATE'}),
    weeks: Flags.string({description: `move it by this many weeks: -${MAX_DELAY_WEEKS} to ${MAX_DELAY_WEEKS}, not 0; negative moves it earlier`, helpValue: 'N'}),
  }

  async run(): Promise<Maintenance> {
    const {args, flags} = await this.parse(Schedule)
    parseAddonReference(args.addon, flags.app)
    const request = scheduleRequest(flags)
    const {data, platform} = await this.apis()
    const addon = await resolveAddon(platform, args.addon, flags.app)
    ensureManualMaintenanceAllowed(addon, 'reschedule maintenance')
    const before = await data.info(addon.id)
    const plan = planReschedule(before, request)
    const after = await data.schedule(addon.id, plan.delayWeeks)
    this.log(renderKeyValues(describeReschedule(before, after, plan.delayWeeks)))
    return after
  }
}

import {Flags} from '@oclif/core'

import type {Maintenance} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {addonArg, app, remote, requestedMove, scheduleFlags} from '../../../lib/flags.js'
import {renderKeyValues} from '../../../lib/format/key-value.js'
import {parseAddonReference, resolveAddon} from '../../../lib/maintenance/addon.js'
import {dryRun, type DryRun, IMPACT_HISTORY_LIMIT, impactPreview} from '../../../lib/maintenance/impact.js'
import {ensureManualMaintenanceAllowed} from '../../../lib/maintenance/plans.js'
import {planReschedule, type RescheduleOutcome, rescheduleOutcome} from '../../../lib/maintenance/schedule.js'
import {describeDryRun, DRY_RUN_NOTE} from '../../../lib/present/impact.js'
import {describeReschedule, describeRescheduleOutcome} from '../../../lib/present/schedule.js'

export type SchedulePreview = DryRun<'schedule', RescheduleOutcome>

export default class Schedule extends BaseCommand {
  static override aliases = ['data-maintenances:schedule']
  static override args = {
    addon: addonArg,
  }
  static override description = 'move the scheduled maintenance of a Postgres or Key-Value Store add-on by whole weeks (never past its required_by time)'
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL --weeks 2 --app example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 --weeks=-1',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE --week 2026-W50 --json',
    '<%= config.bin %> <%= command.id %> DATABASE --week 2026-12-07 -a example-app',
    '<%= config.bin %> <%= command.id %> REDIS_URL --weeks 2 --app example-app --dry-run',
  ]
  static override flags = {
    app: app(),
    'dry-run': Flags.boolean({default: false, description: 'change nothing: show the new scheduled time and the expected impact'}),
    remote,
    ...scheduleFlags,
  }

  async run(): Promise<Maintenance | SchedulePreview> {
    const {args, flags} = await this.parse(Schedule)
    parseAddonReference(args.addon, flags.app)
    const request = requestedMove(flags)
    const {data, platform} = await this.apis()
    const addon = await resolveAddon(platform, args.addon, flags.app)
    ensureManualMaintenanceAllowed(addon, 'reschedule maintenance')
    const before = await data.info(addon.id)
    const plan = planReschedule(before, request, data.serverNow())
    if (flags['dry-run']) {
      const history = await data.history(addon.id, IMPACT_HISTORY_LIMIT)
      const outcome = rescheduleOutcome(plan)
      const preview = dryRun({action: 'schedule', addon, impact: impactPreview(before, history), outcome})
      this.progress(DRY_RUN_NOTE)
      this.log(renderKeyValues(describeDryRun(preview, describeRescheduleOutcome(outcome)), {sort: false}))
      return preview
    }

    const after = await data.schedule(addon.id, plan.delayWeeks)
    this.log(renderKeyValues(describeReschedule(before, after, plan.delayWeeks)))
    return after
  }
}

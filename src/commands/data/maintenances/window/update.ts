import {Args, Flags} from '@oclif/core'
import {DateTime} from 'luxon'

import type {MaintenanceWindow} from '../../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../../lib/base-command.js'
import {addonArg, app, remote, windowZone} from '../../../../lib/flags.js'
import {renderKeyValues} from '../../../../lib/format/key-value.js'
import {parseAddonReference, resolveAddon} from '../../../../lib/maintenance/addon.js'
import {dryRun, type DryRun, IMPACT_HISTORY_LIMIT, impactPreview} from '../../../../lib/maintenance/impact.js'
import {ensureManualMaintenanceAllowed} from '../../../../lib/maintenance/plans.js'
import {parseDayOfWeek, parseTimeOfDay, planWindowRequest, type WindowUpdateOutcome, windowUpdateOutcome} from '../../../../lib/maintenance/window.js'
import {describeDryRun, DRY_RUN_NOTE} from '../../../../lib/present/impact.js'
import {describeWindowUpdate, describeWindowUpdateOutcome, describeZoneConversion} from '../../../../lib/present/window.js'

export type WindowUpdatePreview = DryRun<'window:update', WindowUpdateOutcome>

export default class WindowUpdate extends BaseCommand {
  static override aliases = ['data-maintenances:window:update']
  static override args = {
    addon: addonArg,
    day: Args.string({description: 'day the window starts: a weekday (Sunday, sundays, SUNDAY) or its abbreviation (sun)', required: true}),
    time: Args.string({description: 'time the 4-hour window starts, in UTC (or in --tz): 24-hour HH:MM (14:30) or H:MM AM/PM (2:30 PM)', required: true}),
  }
  static override description = [
    'set the weekly maintenance window of a Postgres or Key-Value Store add-on (its start in UTC; windows last 4 hours)',
    '',
    [
      'DAY and TIME are UTC unless --tz names the zone they are in;',
      "they are then converted to UTC with the zone's offset at their next occurrence (the day may shift),",
      'and the service keeps the window in UTC from then on.',
    ].join(' '),
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL Sunday 14:30 --app example-app',
    '<%= config.bin %> <%= command.id %> REDIS_URL monday 00:30 --tz Europe/Berlin --app example-app',
    '<%= config.bin %> <%= command.id %> REDIS_URL Sunday 14:30 --app example-app --dry-run',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 fri "9:00 PM" --json',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE tuesdays 06:00',
  ]
  static override flags = {
    app: app(),
    'dry-run': Flags.boolean({default: false, description: 'change nothing: show the new window, when the next maintenance would fall, and the expected impact'}),
    remote,
    tz: windowZone,
  }

  async run(): Promise<MaintenanceWindow | WindowUpdatePreview> {
    const {args, flags} = await this.parse(WindowUpdate)
    parseAddonReference(args.addon, flags.app)
    const day = parseDayOfWeek(args.day)
    const time = parseTimeOfDay(args.time)
    const zone = flags.tz
    const now = DateTime.now()
    const planned = planWindowRequest({day, now, time, zone})
    for (const line of describeZoneConversion(planned.conversion)) this.progress(line)

    const {data, platform} = await this.apis()
    const addon = await resolveAddon(platform, args.addon, flags.app)
    ensureManualMaintenanceAllowed(addon, 'set a maintenance window')
    if (flags['dry-run']) {
      const before = await data.window(addon.id)
      const current = await data.info(addon.id)
      const history = await data.history(addon.id, IMPACT_HISTORY_LIMIT)
      // The next window start is the service's to compute: by its clock (the Date of its answers), not this machine's.
      const outcome = windowUpdateOutcome({before, current, now: data.serverNow(), planned})
      const preview = dryRun({action: 'window:update', addon, impact: impactPreview(current, history), outcome})
      this.progress(DRY_RUN_NOTE)
      this.log(renderKeyValues(describeDryRun(preview, describeWindowUpdateOutcome(outcome, current.status)), {sort: false}))
      return preview
    }

    const after = await data.updateWindow(addon.id, planned.request)
    this.log(renderKeyValues(describeWindowUpdate(after, planned.request)))
    return after
  }
}

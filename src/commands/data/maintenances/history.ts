import type {Maintenance} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {addonArg, app, displayZone, historyLimit, remote, tableFlags, tz} from '../../../lib/flags.js'
import {applyView, type Column, planTable, renderCsv, renderTable} from '../../../lib/format/table.js'
import {parseAddonReference, resolveAddon} from '../../../lib/maintenance/addon.js'
import {HISTORY_LIMIT, orderNewestFirst} from '../../../lib/maintenance/history.js'
import {historyColumns} from '../../../lib/present/history.js'

export default class History extends BaseCommand {
  static override aliases = ['data-maintenances:history']
  static override args = {
    addon: addonArg,
  }
  static override description = [
    'list the past maintenances of a Postgres or Key-Value Store add-on',
    '',
    'Newest first. Columns: status, required_by, scheduled_for, started_at, completed_at, duration, window. Times are UTC; with --tz (or TZ) also in that zone.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 --num 20 --sort duration',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE --columns status,completed_at,duration --csv',
    '<%= config.bin %> <%= command.id %> DATABASE_URL -a example-app --tz America/New_York',
    '<%= config.bin %> <%= command.id %> DATABASE_URL -a example-app --json',
  ]
  static override flags = {
    app: app(),
    num: historyLimit,
    remote,
    tz,
    ...tableFlags,
  }

  async run(): Promise<Maintenance[]> {
    const {args, flags} = await this.parse(History)
    const limit = flags.num ?? HISTORY_LIMIT.default
    const columns = historyColumns(displayZone(flags.tz))
    const view = planTable(columns, columns, flags)
    parseAddonReference(args.addon, flags.app)
    const {data, platform} = await this.apis()
    const addon = await resolveAddon(platform, args.addon, flags.app)
    const history = await data.history(addon.id, limit)
    const shown = applyView(orderNewestFirst(history), view)
    if (history.length === 0 && !flags.csv) this.log(`${addon.name} has no maintenance history.`)
    else this.print(shown, view.columns, flags)
    return shown
  }

  private print(rows: Maintenance[], columns: Column<Maintenance>[], flags: {columns?: string; csv: boolean; filter?: string[]}): void {
    if (flags.csv) this.log(renderCsv(rows, columns))
    else if (rows.length === 0) this.log(`No maintenance matches ${flags.filter?.map(f => `--filter ${f}`).join(' ')}.`)
    else this.log(renderTable(rows, columns, {...this.tableStyle(), dropColumns: flags.columns === undefined}))
  }
}

import {Flags} from '@oclif/core'

import type {Maintenance} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {app, remote, tableFlags} from '../../../lib/flags.js'
import {applyView, type Column, planTable, renderCsv, renderTable} from '../../../lib/format/table.js'
import {LIST_COLUMNS, listAppMaintenances, listColumns} from '../../../lib/maintenance/list.js'

export default class Maintenances extends BaseCommand {
  static override description = [
    'list the maintenance of every Postgres and Key-Value Store add-on of an app',
    '',
    'Soonest required_by first. Columns: addon, attachments, window, status, required_by, scheduled_for;',
    'with --extended also kind and plan. Times are UTC.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> -a example-app --extended --sort -scheduled_for',
    '<%= config.bin %> <%= command.id %> -a example-app --filter status=ready --columns addon,scheduled_for',
    '<%= config.bin %> <%= command.id %> -a example-app --csv',
    '<%= config.bin %> <%= command.id %> -a example-app --json',
  ]
  static override flags = {
    app: app({required: true}),
    extended: Flags.boolean({char: 'x', description: 'also show the kind and plan of each add-on'}),
    remote,
    ...tableFlags,
  }

  async run(): Promise<Maintenance[]> {
    const {flags} = await this.parse(Maintenances)
    const view = planTable(LIST_COLUMNS, listColumns(flags.extended), flags)
    const all = await listAppMaintenances(await this.apis(), flags.app)
    const shown = applyView(all, view)
    if (all.length === 0 && !flags.csv) this.log(`${flags.app} has no Postgres or Key-Value Store add-ons.`)
    else this.print(shown, view.columns, flags)
    return shown
  }

  private print(rows: Maintenance[], columns: Column<Maintenance>[], flags: {app: string; csv: boolean; filter?: string[]}): void {
    if (flags.csv) this.log(renderCsv(rows, columns))
    else if (rows.length === 0) this.log(`No add-on of ${flags.app} matches ${flags.filter?.map(f => `--filter ${f}`).join(' ')}.`)
    else this.log(renderTable(rows, columns))
  }
}

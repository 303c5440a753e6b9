import {Flags} from '@oclif/core'
import {DateTime} from 'luxon'

import type {Maintenance} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {ExitCode} from '../../../lib/errors.js'
import {app, concurrency, displayZone, rateLimitReserve, refuseBesideCalendar, remote, tableFlags, tz, wantsFleetView} from '../../../lib/flags.js'
import {applyView, planTable, renderCsv, renderTable, type TableView} from '../../../lib/format/table.js'
import {countCalendarEvents} from '../../../lib/maintenance/calendar.js'
import {FLEET_CONCURRENCY, type FleetListing, fleetStoppedByReserve, listEveryAppMaintenances, RATE_LIMIT_RESERVE} from '../../../lib/maintenance/fleet.js'
import {listAppMaintenances} from '../../../lib/maintenance/list.js'
import {maintenanceCalendar} from '../../../lib/present/calendar.js'
import {describeAppFailure, describeEmptyFleet, describeFleetProgress} from '../../../lib/present/fleet.js'
import {defaultListColumns, listColumns} from '../../../lib/present/list.js'

interface OutputFlags {
  columns?: string
  csv: boolean
  filter?: string[]
  ics: boolean
}

export default class Maintenances extends BaseCommand {
  static override aliases = ['data-maintenances']
  static override description = [
    'list the maintenance of every Postgres and Key-Value Store add-on of an app, or of every app',
    '',
    'Soonest required_by first. Columns: addon, attachments, window, status, required_by, scheduled_for; with --extended also kind and plan. Times are UTC; with --tz (or TZ) also in that zone.',
    '',
    [
      `With --all it lists every app you can access, with an app column, fetching up to --concurrency apps at once (default ${FLEET_CONCURRENCY.default}).`,
      'An app that cannot be listed is a warning on stderr, the others are still printed, and the exit code is 2.',
      'Without --app, HEROKU_APP, one Heroku git remote or --all it is an error, and nothing is sent.',
    ].join(' '),
    '',
    [
      `Once the API's rate limit has --rate-limit-reserve requests left (default ${RATE_LIMIT_RESERVE.default}), it starts no new request,`,
      'prints what it read, says on stderr how many apps were not read, and exits 2.',
    ].join(' '),
    '',
    [
      '--ics prints an iCalendar file (RFC 5545) of the scheduled maintenances that have not completed to stdout (redirect it: --ics > maintenances.ics):',
      'one 4-hour event per maintenance, to import or publish in a calendar.',
      'It cannot be combined with --json, --csv, --columns or --sort.',
    ].join(' '),
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> --all',
    '<%= config.bin %> <%= command.id %> --all --concurrency 16 --filter status=ready',
    '<%= config.bin %> <%= command.id %> -a example-app --tz Europe/Berlin',
    '<%= config.bin %> <%= command.id %> --all --ics',
    '<%= config.bin %> <%= command.id %> -a example-app --ics --filter status=ready',
    '<%= config.bin %> <%= command.id %> -a example-app --extended --sort -scheduled_for',
    '<%= config.bin %> <%= command.id %> -a example-app --filter status=ready --columns addon,scheduled_for',
    '<%= config.bin %> <%= command.id %> -a example-app --csv',
    '<%= config.bin %> <%= command.id %> -a example-app --json',
  ]
  static override flags = {
    all: Flags.boolean({description: 'list every app you can access (the fleet view), with an app column'}),
    app: app(),
    concurrency,
    extended: Flags.boolean({char: 'x', description: 'also show the kind and plan of each add-on'}),
    ics: Flags.boolean({
      description: 'print an iCalendar (.ics) file of the upcoming scheduled maintenances instead of a table',
    }),
    remote,
    tz,
    'rate-limit-reserve': rateLimitReserve,
    ...tableFlags,
  }

  async run(): Promise<Maintenance[]> {
    const {flags, raw} = await this.parse(Maintenances)
    refuseBesideCalendar({...flags, json: this.jsonEnabled()})
    const zone = displayZone(flags.tz)
    const concurrency = flags.concurrency ?? FLEET_CONCURRENCY.default
    const reserve = flags['rate-limit-reserve'] ?? RATE_LIMIT_RESERVE.default
    const fleet = wantsFleetView(flags, raw)
    const columns = listColumns({fleet, zone})
    const view = planTable(columns, defaultListColumns(columns, flags.extended), flags)

    if (fleet || flags.app === undefined) {
      const listing = await this.fetchFleet(concurrency, reserve)
      for (const failure of listing.failures) this.warning(describeAppFailure(failure))
      if (listing.failures.length > 0) process.exitCode = ExitCode.api
      const shown = applyView(listing.maintenances, view)
      const stopped = fleetStoppedByReserve(listing, shown)
      // Under --json what was read goes into the error document instead.
      if (stopped && this.jsonEnabled()) throw stopped
      if (flags.ics) this.printCalendar(shown, zone)
      else if (listing.maintenances.length === 0 && !flags.csv) {
        const message = describeEmptyFleet(listing)
        if (message) this.log(message)
      } else this.print(shown, view, flags, 'No add-on')
      if (stopped) throw stopped
      return shown
    }

    const all = await listAppMaintenances(await this.apis(), flags.app)
    const shown = applyView(all, view)
    if (flags.ics) this.printCalendar(shown, zone)
    else if (all.length === 0 && !flags.csv) this.log(`${flags.app} has no Postgres or Key-Value Store add-ons.`)
    else this.print(shown, view, flags, `No add-on of ${flags.app}`)
    return shown
  }

  /** Every app's maintenances; on a terminal, a progress line on stderr that is rewritten in place and erased at the end. */
  private async fetchFleet(concurrency: number, reserve: number): Promise<FleetListing> {
    let drawn = ''
    const draw = (text: string) => {
      process.stderr.write(`\r${text.padEnd(drawn.length)}`)
      drawn = text
    }

    const onProgress = process.stderr.isTTY ? (settled: number, total: number) => draw(describeFleetProgress(settled, total)) : undefined
    try {
      return await listEveryAppMaintenances(await this.apis(), {concurrency, onProgress, reserve})
    } finally {
      if (drawn) process.stderr.write(`\r${' '.repeat(drawn.length)}\r`)
    }
  }

  private print(rows: Maintenance[], view: TableView<Maintenance>, flags: OutputFlags, noMatch: string): void {
    const {columns} = view
    if (flags.csv) this.log(renderCsv(rows, columns))
    else if (rows.length === 0) this.log(`${noMatch} matches ${flags.filter?.map(f => `--filter ${f}`).join(' ')}.`)
    else this.log(renderTable(rows, columns, {...this.tableStyle(), dropColumns: flags.columns === undefined}))
  }

  /** The calendar goes to stdout as it is: its lines end in CRLF, which this.log would not keep. */
  private printCalendar(maintenances: Maintenance[], zone: string): void {
    process.stdout.write(maintenanceCalendar(maintenances, {now: DateTime.now(), zone}))
    if (countCalendarEvents(maintenances) === 0) this.progress('No upcoming scheduled maintenance: the calendar has no events.')
  }
}

import type {Maintenance} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {addonArg, app, interval, remote, timeout, waitTiming} from '../../../lib/flags.js'
import {withInterruptSignal} from '../../../lib/interrupt.js'
import {parseAddonReference, resolveAddon} from '../../../lib/maintenance/addon.js'
import {describeWaitResult, followCommand, followMaintenance} from '../../../lib/present/wait.js'

export default class Wait extends BaseCommand {
  static override aliases = ['data-maintenances:wait']
  static override args = {
    addon: addonArg,
  }
  static override description = [
    'wait until the maintenance of a Postgres or Key-Value Store add-on completes',
    '',
    [
      'Polls the maintenance and prints each status change on stderr.',
      'Exits 0 when it completes (or when there is no maintenance in progress), 3 when --timeout passes, 4 when it ends in any other state,',
      '2 on API errors and 130 on Ctrl-C (which stops the waiting, not the maintenance).',
    ].join(' '),
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 --timeout 30m --interval 10s',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE --timeout 2h --json',
  ]
  static override flags = {
    app: app(),
    interval: interval({description: 'pause between polls, at least 1s (default 5s)'}),
    remote,
    timeout: timeout({description: 'give up (exit 3) after this long, e.g. 90s, 30m, 2h (default: no limit)'}),
  }

  async run(): Promise<Maintenance> {
    const {args, flags} = await this.parse(Wait)
    parseAddonReference(args.addon, flags.app)
    const timing = waitTiming(flags)
    const {data, platform} = await this.apis()
    // A Ctrl-C while the add-on is resolved stops the wait before its first poll.
    return withInterruptSignal(async signal => {
      const addon = await resolveAddon(platform, args.addon, flags.app)
      const result = await followMaintenance({
        ...timing,
        fetch: poll => data.info(addon.id, {poll: true, signal: poll}),
        followUp: followCommand(addon.name, addon.app.name),
        progress: line => this.progress(line),
        runtime: this.runtime,
        signal,
        spinner: this.spinner(),
        subject: addon.name,
        triggered: false,
      })
      this.log(describeWaitResult(result, addon.name))
      return result.maintenance
    })
  }
}

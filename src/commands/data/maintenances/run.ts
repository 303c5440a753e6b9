import {Args, Flags, ux} from '@oclif/core'
import {DateTime} from 'luxon'

import type {Maintenance} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {app, remote} from '../../../lib/flags.js'
import {parseAddonReference, resolveAddon} from '../../../lib/maintenance/addon.js'
import {approveRun, checkRunFlags, describeRunAnswer} from '../../../lib/maintenance/run.js'
import {describeWaitResult, followMaintenance} from '../../../lib/maintenance/wait.js'

export default class Run extends BaseCommand {
  static override args = {
    addon: Args.string({description: 'add-on name, attachment (REDIS_URL, DATABASE) or APP::ATTACHMENT', required: true}),
  }
  static override description = `start the maintenance of a Postgres or Key-Value Store add-on now

The failover restarts the app. It starts without asking while the app is in maintenance mode (heroku maintenance:on);
otherwise pass --confirm with the app's name. With --wait, it then waits for the maintenance to complete, with the
exit codes of data:maintenances:wait.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app',
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app --confirm example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 --confirm example-app --wait --timeout 30m',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE --confirm example-app --wait --json',
  ]
  static override flags = {
    app: app(),
    confirm: Flags.string({description: 'name of the app, to run while it is not in maintenance mode', helpValue: 'APP'}),
    interval: Flags.string({description: 'with --wait: pause between polls, at least 1s (default 5s)', helpValue: 'DURATION'}),
    remote,
    timeout: Flags.string({description: 'with --wait: give up (exit 3) after this long, e.g. 90s, 30m, 2h', helpValue: 'DURATION'}),
    wait: Flags.boolean({default: false, description: 'wait for the maintenance to complete'}),
  }

  async run(): Promise<Maintenance | {message: string}> {
    const {args, flags} = await this.parse(Run)
    parseAddonReference(args.addon, flags.app)
    const timing = checkRunFlags(flags)
    const {data, platform} = await this.apis()
    const addon = await resolveAddon(platform, args.addon, flags.app)
    await approveRun(platform, addon, flags.confirm)

    const answer = await this.step(`Starting maintenance for ${addon.name}`, () => data.run(addon.id))
    this.log(describeRunAnswer(answer, addon.name, DateTime.now()))
    if (!timing) return answer

    const result = await followMaintenance({
      ...timing,
      fetch: () => data.info(addon.id),
      progress: line => this.progress(line),
      subject: addon.name,
      triggered: true,
    })
    this.log(describeWaitResult(result, addon.name))
    return result.maintenance
  }

  /** `Starting maintenance for redis-lively-12345... done` on stderr: a spinner on a terminal, plain text otherwise. */
  private async step<T>(text: string, work: () => Promise<T>): Promise<T> {
    if (process.stderr.isTTY) {
      ux.action.start(text)
      const value = await work()
      ux.action.stop()
      return value
    }

    process.stderr.write(`${text}... `)
    try {
      const value = await work()
      process.stderr.write('done\n')
      return value
    } catch (error) {
      process.stderr.write('failed\n')
      throw error
    }
  }
}

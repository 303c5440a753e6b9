import {Flags} from '@oclif/core'
import {DateTime} from 'luxon'

import type {RunAnswer} from '../../../lib/maintenance/types.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {InterruptedError} from '../../../lib/errors.js'
import {addonArg, app, confirm, interval, remote, runWaitTiming, timeout} from '../../../lib/flags.js'
import {renderKeyValues} from '../../../lib/format/key-value.js'
import {withInterruptSignal} from '../../../lib/interrupt.js'
import {parseAddonReference, resolveAddon} from '../../../lib/maintenance/addon.js'
import {type MaintenanceModeRunResult, runInMaintenanceMode} from '../../../lib/maintenance/orchestration.js'
import {approveRun, ensureRunnable, previewRun, type RunPreview} from '../../../lib/maintenance/run.js'
import {describeDryRun, DRY_RUN_NOTE} from '../../../lib/present/impact.js'
import {maintenanceModeTexts} from '../../../lib/present/orchestration.js'
import {describeRunAnswer, describeRunOutcome, explainRunOutcome} from '../../../lib/present/run.js'
import {describeWaitResult, followCommand, followMaintenance} from '../../../lib/present/wait.js'

export default class Run extends BaseCommand {
  static override aliases = ['data-maintenances:run']
  static override args = {
    addon: addonArg,
  }
  static override description = [
    'start the maintenance of a Postgres or Key-Value Store add-on now',
    '',
    [
      'The failover restarts the app.',
      "It starts without asking while the app is in maintenance mode (heroku maintenance:on); otherwise pass --confirm with the app's name,",
      "or type the app's name when asked at a terminal (never in CI).",
      'With --wait, it then waits for the maintenance to complete, with the exit codes of data:maintenances:wait.',
    ].join(' '),
    '',
    [
      "--maintenance-mode does the manual steps too: it switches the app's maintenance mode on (if it is off), runs the maintenance, waits for it,",
      'and switches the mode back off, also when the run or the wait fails or Ctrl-C stops it.',
      'A maintenance mode that was already on stays on.',
    ].join(' '),
    '',
    '--dry-run sends nothing that changes anything: it shows whether the run would start now and its expected impact.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app',
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app --confirm example-app',
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app --maintenance-mode --timeout 30m',
    '<%= config.bin %> <%= command.id %> REDIS_URL --app example-app --dry-run',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 --confirm example-app --wait --timeout 30m',
    '<%= config.bin %> <%= command.id %> example-app::DATABASE --confirm example-app --wait --json',
  ]
  static override flags = {
    app: app(),
    confirm: confirm({description: 'name of the app, to run while it is not in maintenance mode'}),
    'dry-run': Flags.boolean({default: false, description: 'change nothing: show whether it would start now, and the expected impact'}),
    interval: interval({description: 'with --wait or --maintenance-mode: pause between polls, at least 1s (default 5s)'}),
    'maintenance-mode': Flags.boolean({
      default: false,
      description: 'switch the app\'s maintenance mode on around the run (and back off after it, whatever happens); waits for completion; not with --confirm',
    }),
    remote,
    timeout: timeout({description: 'with --wait or --maintenance-mode: give up (exit 3) after this long, e.g. 90s, 30m, 2h'}),
    wait: Flags.boolean({default: false, description: 'wait for the maintenance to complete'}),
  }

  async run(): Promise<MaintenanceModeRunResult | RunAnswer | RunPreview> {
    const {args, flags} = await this.parse(Run)
    parseAddonReference(args.addon, flags.app)
    const timing = runWaitTiming(flags)
    const {data, platform} = await this.apis()
    const {runtime} = this
    const spinner = this.spinner()
    const progress = this.progress.bind(this)
    // One Ctrl-C handler for the whole command: whenever it comes, the error says what was and was not done.
    return withInterruptSignal(async signal => {
      const addon = await resolveAddon(platform, args.addon, flags.app)
      if (flags['dry-run']) {
        const preview = await previewRun({data, platform}, addon, {
          confirm: flags.confirm,
          explain: explainRunOutcome,
          maintenanceMode: flags['maintenance-mode'],
          wait: timing !== undefined,
        })
        if (signal.aborted) throw new InterruptedError('Interrupted: nothing was changed (a dry run sends only reads).')
        this.progress(DRY_RUN_NOTE)
        this.log(renderKeyValues(describeDryRun(preview, describeRunOutcome(preview.outcome)), {sort: false}))
        return preview
      }

      if (flags['maintenance-mode']) {
        const done = await runInMaintenanceMode(addon, timing!, {
          data,
          follow: request => followMaintenance({...request, progress, runtime, spinner}),
          now: () => runtime.now(),
          onStarted: answer => this.log(describeRunAnswer(answer, addon.name, DateTime.now())),
          platform,
          progress,
          signal,
          step: (text, work) => this.step(text, work),
          texts: maintenanceModeTexts,
        })
        this.log(describeWaitResult(done.wait, addon.name))
        return {maintenance: done.wait.maintenance, maintenance_mode: done.maintenance_mode}
      }

      await approveRun(platform, addon, flags.confirm, this.prompt)
      ensureRunnable(await data.info(addon.id))
      if (signal.aborted) throw new InterruptedError(`Interrupted: maintenance of ${addon.name} was not started.`)
      const answer = await this.step(`Starting maintenance for ${addon.name}`, () => data.run(addon.id))
      this.log(describeRunAnswer(answer, addon.name, DateTime.now()))
      const followUp = followCommand(addon.name, addon.app.name)
      if (signal.aborted) throw new InterruptedError(`Interrupted: maintenance of ${addon.name} was started and goes on: follow it with ${followUp}.`)
      if (!timing) return answer

      const result = await followMaintenance({
        ...timing,
        fetch: poll => data.info(addon.id, {poll: true, signal: poll}),
        followUp,
        progress,
        runtime,
        signal,
        spinner,
        subject: addon.name,
        triggered: true,
      })
      this.log(describeWaitResult(result, addon.name))
      return result.maintenance
    })
  }
}

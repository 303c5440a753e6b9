import {Flags} from '@oclif/core'
import {DateTime} from 'luxon'

import type {Maintenance} from '../../../lib/maintenance/types.js'
import type {NoticePayload} from '../../../lib/notify/notices.js'

import {BaseCommand} from '../../../lib/base-command.js'
import {ExitCode, MaintenanceCliError, redact, ValidationError} from '../../../lib/errors.js'
import {app, concurrency, remote} from '../../../lib/flags.js'
import {FLEET_CONCURRENCY} from '../../../lib/maintenance/fleet.js'
import {parseWebhookUrl, webhookSecrets} from '../../../lib/notify/webhook.js'
import {parseSpanFlag} from '../../../lib/policy/span.js'

export interface NotifyResult {
  /** Maintenances looked at. */
  checked: number
  failed: Array<{error: string; notice: NoticePayload}>
  sent: NoticePayload[]
}

export const WEBHOOK_ENV = 'HEROKU_DATA_MAINTENANCE_WEBHOOK'

export default class Notify extends BaseCommand {
  static override aliases = ['data-maintenances:notify']
  static override description = [
    'post a message to a webhook for each upcoming maintenance not yet announced, and again when one moves or completes',
    '',
    [
      'The body is Slack-compatible JSON ({"text": …}) with the structured fields beside it.',
      'With --state FILE the file remembers what was delivered, so that a job run every hour sends each notice once; what could not be delivered is sent on the next run.',
      `The webhook URL is a secret: it is never printed (give it in ${WEBHOOK_ENV} rather than on the command line, where other tools may show it).`,
      'A failed post is retried with backoff a bounded number of times, then reported with exit code 2.',
    ].join(' '),
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app --state notify-state.json',
    '<%= config.bin %> <%= command.id %> --all --within 14d --state notify-state.json --json',
  ]
  static override flags = {
    // Not `exclusive`: the usage line would then draw --app and --remote as excluding each other too.
    all: Flags.boolean({description: 'every app you can access (instead of --app)', relationships: [{flags: ['app', 'remote'], type: 'none'}]}),
    app: app(),
    concurrency,
    remote,
    state: Flags.string({description: 'file that remembers what was delivered (created if missing); without it every run announces again', helpValue: 'FILE'}),
    webhook: Flags.string({description: `webhook URL to post to (a secret: prefer the ${WEBHOOK_ENV} environment variable)`, env: WEBHOOK_ENV, helpValue: 'URL'}),
    within: Flags.string({default: '7d', description: 'announce maintenances scheduled within this time from now (7d, 36h, 2w)', helpValue: 'SPAN'}),
  }
  private secret?: string

  async run(): Promise<NotifyResult> {
    this.secret = process.env[WEBHOOK_ENV]
    const {flags} = await this.parse(Notify)
    this.secret = flags.webhook
    const url = parseWebhookUrl(flags.webhook)
    const within = parseSpanFlag(flags.within, '--within')
    const concurrency = flags.concurrency ?? FLEET_CONCURRENCY.default
    if (!flags.all && flags.app === undefined) throw new ValidationError('Say which apps: --app APP (or HEROKU_APP, or a git remote) for one app, or --all for every app you can access.')

    const {readNotifyState, writeNotifyState} = await import('../../../lib/notify/state-file.js')
    const {emptyState, pendingNotices, recordDelivery} = await import('../../../lib/notify/notices.js')
    const {postJson} = await import('../../../lib/notify/webhook.js')
    let state = flags.state ? readNotifyState(flags.state) : emptyState()
    if (!flags.state) this.progress('No --state file: every upcoming maintenance is announced, as on a first run.')

    const maintenances = await this.listMaintenances(flags.all ? undefined : flags.app, concurrency)
    const notices = pendingNotices({maintenances, now: DateTime.now(), state, within})
    const result: NotifyResult = {checked: maintenances.length, failed: [], sent: []}
    for (const notice of notices) {
      const outcome = await postJson(url, notice.payload)
      if (outcome.delivered) {
        result.sent.push(notice.payload)
        state = recordDelivery(state, notice, DateTime.now())
        // Saved after each delivery, so that a later failure or crash never makes this one go out again.
        if (flags.state) writeNotifyState(flags.state, state)
        this.log(`Sent: ${notice.payload.text}`)
      } else {
        result.failed.push({error: outcome.error ?? 'not delivered', notice: notice.payload})
        this.progress(`Not delivered (${outcome.error}): ${notice.payload.text}`)
      }
    }

    if (notices.length === 0) this.log(`Nothing to announce: ${maintenances.length} ${maintenances.length === 1 ? 'maintenance' : 'maintenances'} checked, none new, moved or completed.`)
    if (result.failed.length > 0) {
      const message = `${result.failed.length} of ${notices.length} ${notices.length === 1 ? 'notice was' : 'notices were'} not delivered to the webhook (${result.failed[0].error}); ${flags.state ? 'they are sent on the next run' : 'pass --state FILE so that they are sent on the next run'}.`
      if (this.jsonEnabled()) process.exitCode = ExitCode.api
      else throw new MaintenanceCliError(message, ExitCode.api, 'webhook_failed')
    }

    return result
  }

  protected override redact(text: string): string {
    return redact(super.redact(text), webhookSecrets(this.secret ?? process.env[WEBHOOK_ENV]))
  }

  private async listMaintenances(appName: string | undefined, concurrency: number): Promise<Maintenance[]> {
    const apis = await this.apis()
    if (appName !== undefined) {
      const {listAppMaintenances} = await import('../../../lib/maintenance/list.js')
      return listAppMaintenances(apis, appName)
    }

    const {listEveryAppMaintenances} = await import('../../../lib/maintenance/fleet.js')
    const {describeAppFailure} = await import('../../../lib/present/fleet.js')
    const listing = await listEveryAppMaintenances(apis, {concurrency})
    for (const failure of listing.failures) this.warning(describeAppFailure(failure))
    if (listing.failures.length > 0) process.exitCode = ExitCode.api
    return listing.maintenances
  }
}

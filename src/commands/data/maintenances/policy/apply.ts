import {Args, Flags} from '@oclif/core'
import {DateTime} from 'luxon'

import type {PolicyApplication} from '../../../../lib/policy/apply.js'
import type {PolicyPlan} from '../../../../lib/policy/plan.js'

import {ExitCode, MaintenanceCliError, ValidationError} from '../../../../lib/errors.js'
import {loadPolicy, PolicyCommand} from '../../../../lib/policy/command.js'

export default class PolicyApply extends PolicyCommand {
  static override aliases = ['data-maintenances:policy:apply']
  static override args = {
    file: Args.string({description: 'the policy: a YAML or JSON file (schema/policy.schema.json)', required: true}),
  }
  static override description = [
    'make the add-ons a maintenance policy selects follow it: send exactly the changes policy:check plans',
    '',
    [
      'Each change request (window update, schedule move) is sent once and never retried, in stage order; conflicts are reported, never forced.',
      'At a terminal it shows the plan and asks first; elsewhere pass --yes.',
      'A partial failure stops at the failed change, says what was applied and what was not, and exits 2. Applying again finds nothing to do.',
    ].join(' '),
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> maintenance-policy.yaml',
    '<%= config.bin %> <%= command.id %> maintenance-policy.yaml --yes --json',
    '<%= config.bin %> <%= command.id %> maintenance-policy.yaml --dry-run',
  ]
  static override flags = {
    'dry-run': Flags.boolean({default: false, description: 'change nothing: the same as policy:check'}),
    yes: Flags.boolean({char: 'y', default: false, description: 'apply without asking (for scripts and CI)'}),
  }

  async run(): Promise<PolicyApplication | PolicyPlan> {
    const {args, flags} = await this.parse(PolicyApply)
    const policy = loadPolicy(args.file)
    if (!flags['dry-run'] && !flags.yes && !this.prompt.interactive()) {
      throw new ValidationError('policy:apply changes add-ons and there is no terminal to ask at: pass --yes to apply, or --dry-run to see the plan.')
    }

    const {describePlan, planPolicy} = await import('../../../../lib/policy/plan.js')
    const {readPolicyWorld} = await import('../../../../lib/policy/world.js')
    const apis = await this.apis()
    const world = await readPolicyWorld(apis, policy)
    for (const warning of world.warnings) this.warning(warning)
    const plan = planPolicy({apps: world.apps, maintenances: world.maintenances, now: DateTime.now(), policy, warnings: world.warnings})
    if (flags['dry-run']) {
      this.log(describePlan(plan).join('\n'))
      if (!plan.conforms) process.exitCode = ExitCode.pending
      return plan
    }

    if (plan.changes.length === 0) {
      this.log(describePlan(plan).join('\n'))
      this.log('Nothing to apply.')
      if (!plan.conforms) process.exitCode = ExitCode.pending
      return {applied: [], failed: null, not_applied: [], plan}
    }

    if (!flags.yes) {
      this.progress(describePlan(plan).join('\n'))
      const count = plan.changes.length
      const answer = (await this.prompt.ask(`\nApply ${count} ${count === 1 ? 'change' : 'changes'}? Type yes to apply; press Enter to cancel: `)).trim().toLowerCase()
      if (answer !== 'yes') throw new ValidationError('Cancelled: no change was sent.')
    }

    const {applyPolicyPlan} = await import('../../../../lib/policy/apply.js')
    const {describeApplication} = await import('../../../../lib/policy/describe-apply.js')
    const result = await applyPolicyPlan(apis, plan, change => this.progress(`Applied: ${change.kind} of ${change.addon} (${change.app})`))
    this.log(describeApplication(result).join('\n'))
    if (result.failed) {
      const {change, error} = result.failed
      const message = `${change.kind} of ${change.addon} (${change.app}) failed: ${error}; ${result.applied.length} applied, ${result.not_applied.length + 1} not applied.`
      if (this.jsonEnabled()) {
        process.exitCode = ExitCode.api
        return result
      }

      throw new MaintenanceCliError(message, ExitCode.api, 'policy_partially_applied')
    }

    if (result.not_applied.length > 0 || plan.conflicts.length > 0) process.exitCode = ExitCode.pending
    return result
  }
}

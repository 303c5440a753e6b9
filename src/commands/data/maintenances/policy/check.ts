import {Args} from '@oclif/core'
import {DateTime} from 'luxon'

import type {PolicyPlan} from '../../../../lib/policy/plan.js'

import {ExitCode} from '../../../../lib/errors.js'
import {loadPolicy, PolicyCommand} from '../../../../lib/policy/command.js'

export default class PolicyCheck extends PolicyCommand {
  static override aliases = ['data-maintenances:policy:check']
  static override args = {
    file: Args.string({description: 'the policy: a YAML or JSON file (schema/policy.schema.json)', required: true}),
  }
  static override description = [
    'check the add-ons a maintenance policy selects against it, and print the plan that would make them follow it',
    '',
    [
      "Reads (and never changes) the window and maintenance of every add-on the policy's rules select,",
      'and prints each change with before → after (window updates; scheduled maintenances moved by whole weeks out of a blackout or behind their stage,',
      'never past required_by) and each conflict that moving cannot solve, with what to do instead.',
    ].join(' '),
    '',
    'Exit code 0: everything conforms; 5: changes or conflicts are pending (a drift check in CI); 1: the policy is invalid.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> <%= command.id %> maintenance-policy.yaml',
    '<%= config.bin %> <%= command.id %> maintenance-policy.json --json',
  ]

  async run(): Promise<PolicyPlan> {
    const {args} = await this.parse(PolicyCheck)
    const policy = loadPolicy(args.file)
    const {planPolicy, describePlan} = await import('../../../../lib/policy/plan.js')
    const {readPolicyWorld} = await import('../../../../lib/policy/world.js')
    const world = await readPolicyWorld(await this.apis(), policy)
    for (const warning of world.warnings) this.warning(warning)
    const plan = planPolicy({apps: world.apps, maintenances: world.maintenances, now: DateTime.now(), policy, warnings: world.warnings})
    this.log(describePlan(plan).join('\n'))
    if (!plan.conforms) process.exitCode = ExitCode.pending
    return plan
  }
}

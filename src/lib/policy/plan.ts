import type {DateTime, Duration} from 'luxon'

import type {Maintenance, WindowRequest} from '../maintenance/types.js'
import type {Blackout, Policy, Rule} from './policy.js'

import {formatTime} from '../format/time.js'
import {allowsManualMaintenance} from '../maintenance/plans.js'
import {MAX_DELAY_WEEKS} from '../maintenance/schedule.js'
import {isNotStarted} from '../maintenance/status.js'
import {parseApiTime} from '../maintenance/time.js'
import {estimateNextMaintenance, planWindowRequest, serviceWindowText, WINDOW_HOURS} from '../maintenance/window.js'
import {matchesAny, ruleFor} from './select.js'
import {formatSpan} from './span.js'

interface ChangeBase {
  addon: string
  /** The Data API's id of the add-on, which the change is sent to. */
  addon_id: null | string
  app: string
  rule: string
  /** Index of the rule's stage the app is in; null when the rule has no stage for it. */
  stage: null | number
}

/** A new weekly window: `before` and `after` in the service's wording. */
export interface WindowChange extends ChangeBase {
  after: string
  before: null | string
  kind: 'window'
  request: WindowRequest
}

/** A scheduled maintenance moved by whole weeks; `before` is where it is (or will be after a window change in the same plan). */
export interface ScheduleChange extends ChangeBase {
  after: string
  before: string
  /** Why it moves, e.g. `out of blackout "holiday freeze"`. */
  because: string
  delay_weeks: number
  kind: 'schedule'
}

export type PolicyChange = ScheduleChange | WindowChange

/** What the policy asks for and moving by whole weeks cannot give: said with what to do instead, never forced. */
export interface PolicyConflict {
  addon: string
  app: string
  hint: string
  kind: 'blackout' | 'stage'
  message: string
  rule: string
}

/** A selected add-on the policy cannot act on (its plan has no window), or whose outcome the service decides. */
export interface PolicyNote {
  addon: string
  app: string
  reason: string
  rule: string
}

export interface PolicyPlan {
  /** Selected add-ons. */
  addons: number
  apps: number
  changes: PolicyChange[]
  checked_at: string
  conflicts: PolicyConflict[]
  /** No change and no conflict. */
  conforms: boolean
  notes: PolicyNote[]
  /** Patterns that match no app, and other things worth a look. */
  warnings: string[]
}

interface Target {
  maintenance: Maintenance
  rule: Rule
  ruleIndex: number
  stage: number
}

const iso = (time: DateTime) => time.toUTC().toISO() as string

function overlaps(start: DateTime, blackout: Blackout): boolean {
  const end = start.plus({hours: WINDOW_HOURS})
  return start < blackout.end && end > blackout.start
}

function blackoutAt(blackouts: readonly Blackout[], time: DateTime): Blackout | undefined {
  return blackouts.find(blackout => overlaps(time, blackout))
}

/** Where a maintenance may be scheduled: in the future, by required_by, in no blackout, and not before its stage may start. */
interface Limits {
  blackouts: readonly Blackout[]
  earliest?: DateTime
  now: DateTime
  requiredBy?: DateTime
}

function allowed(time: DateTime, limits: Limits): boolean {
  const {blackouts, earliest, now, requiredBy} = limits
  return time > now && (!requiredBy || time <= requiredBy) && !blackoutAt(blackouts, time) && (!earliest || time >= earliest)
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** The command that runs a maintenance now, for the hints. */
export function runCommand(addon: string, app: string): string {
  return `heroku data:maintenances:run ${addon} -a ${app}`
}

/** The whole-week move closest to no move (later first) that satisfies `ok`; 0 when none is needed, undefined when none works. */
function findMove(from: DateTime, ok: (time: DateTime) => boolean): number | undefined {
  if (ok(from)) return 0
  for (let weeks = 1; weeks <= MAX_DELAY_WEEKS; weeks++) if (ok(from.plus({weeks}))) return weeks
  for (let weeks = 1; weeks <= MAX_DELAY_WEEKS; weeks++) if (ok(from.minus({weeks}))) return -weeks
  return undefined
}

/** What a plan collects, and where each target's maintenance stands once the plan is applied: completed, running (now) or scheduled. */
interface PlanState {
  changes: PolicyChange[]
  conflicts: PolicyConflict[]
  notes: PolicyNote[]
  now: DateTime
  policy: Policy
  reference: Map<Target, DateTime>
  targets: Target[]
}

/** The target being planned, with how its changes and its conflicts or notes name it. */
interface TargetPlan {
  base: ChangeBase
  target: Target
  who: {addon: string; app: string; rule: string}
}

/** Where the previous stage's maintenances end up, and the earliest start that leaves this stage's wait after the latest of them. */
interface StageLimit {
  after: Duration | undefined
  earliest: DateTime | undefined
  latest: Target | undefined
}

/**
 * The changes that make every selected add-on follow the policy, from their maintenances as they are now. Add-ons are
 * taken rule by rule and stage by stage, so that a stage waits for where the previous stage's maintenances end up.
 */
export function planPolicy(options: {apps: number; maintenances: readonly Maintenance[]; now: DateTime; policy: Policy; warnings?: string[]}): PolicyPlan {
  const {maintenances, now, policy} = options
  const targets = policyTargets(maintenances, policy)
  const state: PlanState = {changes: [], conflicts: [], notes: [], now, policy, reference: new Map(), targets}
  for (const target of targets) planTarget(state, target)
  const {changes, conflicts, notes} = state
  return {
    addons: targets.length,
    apps: options.apps,
    changes,
    checked_at: iso(now),
    conflicts,
    conforms: changes.length === 0 && conflicts.length === 0,
    notes,
    warnings: options.warnings ?? [],
  }
}

/** The maintenances a rule selects, in rule, stage, app and add-on order. */
function policyTargets(maintenances: readonly Maintenance[], policy: Policy): Target[] {
  const targets: Target[] = []
  for (const maintenance of maintenances) {
    const rule = ruleFor(policy, maintenance)
    if (!rule) continue
    targets.push({maintenance, rule, ruleIndex: policy.rules.indexOf(rule), stage: rule.stages.findIndex(stage => matchesAny(stage.apps, maintenance.app.name))})
  }

  targets.sort((a, b) => a.ruleIndex - b.ruleIndex || a.stage - b.stage || a.maintenance.app.name.localeCompare(b.maintenance.app.name) || a.maintenance.addon.name.localeCompare(b.maintenance.addon.name))
  return targets
}

function planTarget(state: PlanState, target: Target): void {
  const {maintenance, rule} = target
  const {notes, now, reference} = state
  const base = {addon: maintenance.addon.name, addon_id: maintenance.addon.uuid ?? null, app: maintenance.app.name, rule: rule.name, stage: target.stage === -1 ? null : target.stage}
  const who = {addon: base.addon, app: base.app, rule: rule.name}
  const scheduled = isNotStarted(maintenance.status) ? parseApiTime(maintenance.scheduled_for) : undefined
  if (maintenance.status === 'completed') {
    const completed = parseApiTime(maintenance.completed_at)
    if (completed) reference.set(target, completed)
  } else if (maintenance.status === 'running') reference.set(target, now)

  if (!allowsManualMaintenance({addon_service: {name: maintenance.addon.kind}, plan: {name: maintenance.addon.plan}} as never)) {
    notes.push({...who, reason: `the ${maintenance.addon.plan} plan has no maintenance window and its maintenance cannot be moved: the policy does not apply to it`})
    if (scheduled) reference.set(target, scheduled)
    return
  }

  const expected = rule.window ? planWindow(state, {base, target, who}, rule.window, scheduled) : scheduled
  if (!expected) return
  if (expected <= now) {
    notes.push({...who, reason: `its maintenance was due at ${formatTime(iso(expected))} and may start any moment: the policy does not move it`})
    reference.set(target, expected)
    return
  }

  planSchedule(state, {base, target, who}, expected)
}

/** The window change the rule asks for, if the add-on's window differs; returns when its maintenance is then expected. */
function planWindow(state: PlanState, item: TargetPlan, window: NonNullable<Rule['window']>, scheduled: DateTime | undefined): DateTime | undefined {
  const {maintenance} = item.target
  const {now} = state
  let expected = scheduled
  const planned = planWindowRequest({day: window.start.day, now, time: window.start.time, zone: window.zone})
  const after = serviceWindowText(planned.request)
  const before = maintenance.addon.window ?? maintenance.window
  if (before !== after) {
    state.changes.push({...item.base, after, before, kind: 'window', request: planned.request})
    if (scheduled) {
      expected = estimateNextMaintenance(maintenance, planned.start, now)
      if (!expected) {
        state.notes.push({...item.who, reason: `with the new window no start before required_by ${formatTime(maintenance.required_by)} has the notice the service gives: the service picks the time; check again after applying`})
      }
    }
  }

  return expected
}

/** The whole-week move that puts the maintenance out of blackouts and after its stage's wait, or the conflict or note when there is none. */
function planSchedule(state: PlanState, item: TargetPlan, expected: DateTime): void {
  const {target} = item
  const {maintenance, rule} = target
  const requiredBy = parseApiTime(maintenance.required_by)
  const blackouts = [...state.policy.blackouts, ...rule.blackouts]
  const stage = stageLimit(state, target)
  const limits: Limits = {blackouts, earliest: stage.earliest, now: state.now, requiredBy}
  const weeks = findMove(expected, time => allowed(time, limits))
  if (weeks === undefined) {
    reportUnmovable(state, item, expected, limits, stage)
    state.reference.set(target, expected)
    return
  }

  const moved = expected.plus({weeks})
  state.reference.set(target, moved)
  if (weeks === 0) return
  const inside = blackoutAt(blackouts, expected)
  const because = inside
    ? `out of blackout "${inside.reason}"`
    : `${formatSpan(stage.after!)} after ${stage.latest!.maintenance.addon.name} of ${stage.latest!.maintenance.app.name} (stage ${target.stage - 1})`
  state.changes.push({...item.base, after: iso(moved), before: iso(expected), because, delay_weeks: weeks, kind: 'schedule'})
}

function stageLimit(state: PlanState, target: Target): StageLimit {
  const {reference, targets} = state
  const {rule} = target
  const previous = target.stage > 0 ? targets.filter(t => t.rule === rule && t.stage === target.stage - 1 && reference.has(t)) : []
  let latest: Target | undefined
  for (const t of previous) if (!latest || reference.get(t)! > reference.get(latest)!) latest = t
  const after = target.stage > 0 ? rule.stages[target.stage].after : undefined
  const earliest = latest && after ? reference.get(latest)!.plus(after) : undefined
  return {after, earliest, latest}
}

/** No whole-week move works: a blackout or stage conflict with what to run instead, or a note when the service decides. */
function reportUnmovable(state: PlanState, item: TargetPlan, expected: DateTime, limits: Limits, stage: StageLimit): void {
  const {base, target, who} = item
  const {now, reference} = state
  const {after, earliest, latest} = stage
  const {blackouts, requiredBy} = limits
  const inside = blackoutAt(blackouts, expected)
  const deadline = requiredBy ? `required by ${formatTime(iso(requiredBy))}` : 'never required'
  if (inside) {
    const runBefore = inside.start > now ? ` before ${formatTime(iso(inside.start))}` : ''
    state.conflicts.push({
      ...who,
      hint: `run it${runBefore} with \`${runCommand(base.addon, base.app)}\``,
      kind: 'blackout',
      message: `scheduled for ${formatTime(iso(expected))}, in blackout "${inside.reason}" (${formatTime(iso(inside.start))} to ${formatTime(iso(inside.end))}); no move by whole weeks leaves it before it is ${deadline}`,
    })
  } else if (latest && earliest && expected < earliest) {
    const before = latest.maintenance
    state.conflicts.push({
      ...who,
      hint: `run ${before.addon.name} earlier with \`${runCommand(before.addon.name, before.app.name)}\``,
      kind: 'stage',
      message: `scheduled for ${formatTime(iso(expected))}, less than ${formatSpan(after!)} after ${before.addon.name} of ${before.app.name} (stage ${target.stage - 1}, ${formatTime(iso(reference.get(latest)!))}); no move by whole weeks gives it that before it is ${deadline}`,
    })
  } else {
    state.notes.push({...who, reason: `scheduled for ${formatTime(iso(expected))}, after it is ${deadline}: the service decides; the policy does not move it`})
  }
}

function describeChange(change: PolicyChange): string {
  const who = `${change.app} ${change.addon}`
  if (change.kind === 'window') return `${who}: window ${change.before ?? '-'} → ${change.after}`
  const direction = change.delay_weeks > 0 ? 'later' : 'earlier'
  const weeks = Math.abs(change.delay_weeks)
  return `${who}: maintenance ${formatTime(change.before)} → ${formatTime(change.after)} (${weeks} ${weeks === 1 ? 'week' : 'weeks'} ${direction}, ${change.because})`
}

/** The human form of a plan: a summary line, then the changes, the conflicts with what to do, and the notes. */
export function describePlan(plan: PolicyPlan): string[] {
  const scope = `${count(plan.addons, 'add-on')} on ${count(plan.apps, 'app')}`
  const lines = plan.conforms
    ? [`Everything conforms: ${scope} follow the policy.`]
    : [`${scope}: ${count(plan.changes.length, 'change')} pending, ${count(plan.conflicts.length, 'conflict')}.`]
  if (plan.changes.length > 0) lines.push('', 'Changes:', ...plan.changes.map(change => `  ${describeChange(change)}`))
  if (plan.conflicts.length > 0) lines.push('', 'Conflicts (not solved by moving):', ...plan.conflicts.map(c => `  ${c.app} ${c.addon}: ${c.message}: ${c.hint}.`))
  if (plan.notes.length > 0) lines.push('', 'Notes:', ...plan.notes.map(n => `  ${n.app} ${n.addon}: ${n.reason}.`))
  return lines
}

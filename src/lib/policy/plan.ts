import type {DateTime} from 'luxon'

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

/**
 * The changes that make every selected add-on follow the policy, from their maintenances as they are now. Add-ons are
 * taken rule by rule and stage by stage, so that a stage waits for where the previous stage's maintenances end up.
 */
export function planPolicy(options: {apps: number; maintenances: readonly Maintenance[]; now: DateTime; policy: Policy; warnings?: string[]}): PolicyPlan {
  const {maintenances, now, policy} = options
  const targets: Target[] = []
  for (const maintenance of maintenances) {
    const rule = ruleFor(policy, maintenance)
    if (!rule) continue
    targets.push({maintenance, rule, ruleIndex: policy.rules.indexOf(rule), stage: rule.stages.findIndex(stage => matchesAny(stage.apps, maintenance.app.name))})
  }

  targets.sort((a, b) => a.ruleIndex - b.ruleIndex || a.stage - b.stage || a.maintenance.app.name.localeCompare(b.maintenance.app.name) || a.maintenance.addon.name.localeCompare(b.maintenance.addon.name))
  const changes: PolicyChange[] = []
  const conflicts: PolicyConflict[] = []
  const notes: PolicyNote[] = []
  /** Where each target's maintenance stands once the plan is applied: completed, running (now) or scheduled. */
  const reference = new Map<Target, DateTime>()

  for (const target of targets) {
    const {maintenance, rule} = target
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
      continue
    }

    let expected = scheduled
    if (rule.window) {
      const planned = planWindowRequest({day: rule.window.start.day, now, time: rule.window.start.time, zone: rule.window.zone})
      const after = serviceWindowText(planned.request)
      const before = maintenance.addon.window ?? maintenance.window
      if (before !== after) {
        changes.push({...base, after, before, kind: 'window', request: planned.request})
        if (scheduled) {
          expected = estimateNextMaintenance(maintenance, planned.start, now)
          if (!expected) {
            notes.push({...who, reason: `with the new window no start before required_by ${formatTime(maintenance.required_by)} has the notice the service gives: the service picks the time; check again after applying`})
          }
        }
      }
    }

    if (!expected) continue
    if (expected <= now) {
      notes.push({...who, reason: `its maintenance was due at ${formatTime(iso(expected))} and may start any moment: the policy does not move it`})
      reference.set(target, expected)
      continue
    }

    const requiredBy = parseApiTime(maintenance.required_by)
    const blackouts = [...policy.blackouts, ...rule.blackouts]
    const previous = target.stage > 0 ? targets.filter(t => t.rule === rule && t.stage === target.stage - 1 && reference.has(t)) : []
    let latest: Target | undefined
    for (const t of previous) if (!latest || reference.get(t)! > reference.get(latest)!) latest = t
    const after = target.stage > 0 ? rule.stages[target.stage].after : undefined
    const earliest = latest && after ? reference.get(latest)!.plus(after) : undefined
    const limits: Limits = {blackouts, earliest, now, requiredBy}
    const weeks = findMove(expected, time => allowed(time, limits))
    if (weeks === undefined) {
      const inside = blackoutAt(blackouts, expected)
      const deadline = requiredBy ? `required by ${formatTime(iso(requiredBy))}` : 'never required'
      if (inside) {
        const runBefore = inside.start > now ? ` before ${formatTime(iso(inside.start))}` : ''
        conflicts.push({
          ...who,
          hint: `run it${runBefore} with \`${runCommand(base.addon, base.app)}\``,
          kind: 'blackout',
          message: `scheduled for ${formatTime(iso(expected))}, in blackout "${inside.reason}" (${formatTime(iso(inside.start))} to ${formatTime(iso(inside.end))}); no move by whole weeks leaves it before it is ${deadline}`,
        })
      } else if (latest && earliest && expected < earliest) {
        const before = latest.maintenance
        conflicts.push({
          ...who,
          hint: `run ${before.addon.name} earlier with \`${runCommand(before.addon.name, before.app.name)}\``,
          kind: 'stage',
          message: `scheduled for ${formatTime(iso(expected))}, less than ${formatSpan(after!)} after ${before.addon.name} of ${before.app.name} (stage ${target.stage - 1}, ${formatTime(iso(reference.get(latest)!))}); no move by whole weeks gives it that before it is ${deadline}`,
        })
      } else {
        notes.push({...who, reason: `scheduled for ${formatTime(iso(expected))}, after it is ${deadline}: the service decides; the policy does not move it`})
      }

      reference.set(target, expected)
      continue
    }

    const moved = expected.plus({weeks})
    reference.set(target, moved)
    if (weeks === 0) continue
    const inside = blackoutAt(blackouts, expected)
    const because = inside
      ? `out of blackout "${inside.reason}"`
      : `${formatSpan(after!)} after ${latest!.maintenance.addon.name} of ${latest!.maintenance.app.name} (stage ${target.stage - 1})`
    changes.push({...base, after: iso(moved), before: iso(expected), because, delay_weeks: weeks, kind: 'schedule'})
  }

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

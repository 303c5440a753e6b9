import {DateTime, type Duration} from 'luxon'
import {isMap, LineCounter, type Node, parseDocument} from 'yaml'

import {ValidationError} from '../errors.js'
import {isKnownZone} from '../maintenance/time.js'
import {parseDayOfWeek, parseTimeOfDay, type WeeklyStart} from '../maintenance/window.js'
import {describePath, type SchemaProblem, validateAgainstSchema, type ValuePath} from './schema.js'
import {readSpan, SPAN_FORMS} from './span.js'

/** A period in which no maintenance may be scheduled: [start, end). */
export interface Blackout {
  end: DateTime
  reason: string
  start: DateTime
  zone: string
}

export interface PolicyWindow {
  start: WeeklyStart
  /** As written, e.g. `Sunday 02:00`. */
  text: string
  zone: string
}

export interface Stage {
  /** How long after the previous stage's maintenance this stage's may be; zero for the first stage. */
  after: Duration
  apps: string[]
}

export interface Rule {
  addons?: string[]
  apps: string[]
  blackouts: Blackout[]
  /** `name` from the file, else `rules[N]`. */
  name: string
  stages: Stage[]
  window?: PolicyWindow
}

export interface Policy {
  blackouts: Blackout[]
  rules: Rule[]
}

/** A policy file that cannot be used: one line per problem, each `FILE:LINE:COLUMN: what is wrong and what is valid`. */
export class InvalidPolicyError extends ValidationError {
  readonly problems: string[]

  constructor(file: string, problems: string[]) {
    super(`${file} is not a valid policy (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}): nothing was sent.`)
    this.problems = problems
  }
}

interface RawBlackout {end: string; reason: string; start: string; zone?: string}
interface RawRule {
  addons?: string[]
  apps: string[]
  blackouts?: RawBlackout[]
  name?: string
  stages?: Array<{after?: string; apps: string[]}>
  window?: {start: string; zone?: string}
}

interface RawPolicy {blackouts?: RawBlackout[]; rules: RawRule[]; version: 1}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** Reads the policy's text (YAML, or JSON, which is YAML too) and checks it against the shipped schema and the rules the schema cannot say. */
export function parsePolicy(text: string, file: string): Policy {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  const at = (offset: number) => {
    const {col, line} = lineCounter.linePos(offset)
    return `${file}:${line}:${col}`
  }

  if (doc.errors.length > 0) {
    throw new InvalidPolicyError(file, doc.errors.map(error => `${at(error.pos[0])}: ${error.message.split('\n')[0]}`))
  }

  const nodeAt = (path: ValuePath): Node | undefined => (path.length === 0 ? (doc.contents ?? undefined) : doc.getIn(path, true) as Node | undefined) ?? undefined
  const locate = (problem: Pick<SchemaProblem, 'kind' | 'path'>): string => {
    if (problem.kind === 'missing') return at(nodeAt(problem.path.slice(0, -1))?.range?.[0] ?? 0)
    if (problem.kind === 'unknown') {
      const parent = nodeAt(problem.path.slice(0, -1))
      const name = problem.path.at(-1)
      const pair = isMap(parent) ? parent.items.find(item => (item.key as {value?: unknown})?.value === name) : undefined
      return at((pair?.key as Node | undefined)?.range?.[0] ?? parent?.range?.[0] ?? 0)
    }

    return at(nodeAt(problem.path)?.range?.[0] ?? 0)
  }

  const value: unknown = doc.contents === null ? null : doc.toJS()
  const schemaProblems = validateAgainstSchema(value)
  if (schemaProblems.length > 0) throw new InvalidPolicyError(file, schemaProblems.map(p => `${locate(p)}: ${p.message}`))

  const problems: string[] = []
  const report = (path: ValuePath, message: string) => problems.push(`${locate({kind: 'value', path})}: ${describePath(path)} ${message}`)
  const raw = value as RawPolicy
  const zoneAt = (zone: string | undefined, path: ValuePath): string => {
    if (zone === undefined) return 'UTC'
    if (isKnownZone(zone)) return zone
    report(path, `${JSON.stringify(zone)} is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC.`)
    return 'UTC'
  }

  const blackouts = (list: RawBlackout[] | undefined, path: ValuePath): Blackout[] => (list ?? []).flatMap((entry, index) => {
    const here = [...path, index]
    const zone = zoneAt(entry.zone, [...here, 'zone'])
    const read = (key: 'end' | 'start'): DateTime | undefined => {
      const written = entry[key]
      const time = DateTime.fromISO(written.replace(' ', 'T'), {zone})
      if (!time.isValid) {
        report([...here, key], `${JSON.stringify(written)} is not a date that exists (in ${zone}): give a date such as 2026-12-20 or a date and time such as 2026-12-20 18:00.`)
        return undefined
      }

      // A date alone ends at the end of that day, so that `end: 2027-01-03` includes January 3.
      return key === 'end' && DATE_ONLY.test(written) ? time.plus({days: 1}) : time
    }

    const start = read('start')
    const end = read('end')
    if (!start || !end) return []
    if (end <= start) {
      report([...here, 'end'], `${JSON.stringify(entry.end)} is not after start ${JSON.stringify(entry.start)}: a blackout must end after it starts.`)
      return []
    }

    return [{end: end.toUTC(), reason: entry.reason, start: start.toUTC(), zone}]
  })

  const global = blackouts(raw.blackouts, ['blackouts'])
  const rules = raw.rules.map((entry, index): Rule => {
    const here: ValuePath = ['rules', index]
    let window: PolicyWindow | undefined
    if (entry.window) {
      const [dayText, timeText] = entry.window.start.trim().split(/ +/)
      const zone = zoneAt(entry.window.zone, [...here, 'window', 'zone'])
      try {
        window = {start: {day: parseDayOfWeek(dayText), time: parseTimeOfDay(timeText)}, text: entry.window.start.trim(), zone}
      } catch (error) {
        const detail = (error as Error).message.replace(/^(DAY|TIME) /, '')
        report([...here, 'window', 'start'], `${JSON.stringify(entry.window.start)}: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`)
      }
    }

    const stages = (entry.stages ?? []).map((stage, position): Stage => {
      const path = [...here, 'stages', position, 'after']
      if (position === 0) {
        if (stage.after !== undefined) report(path, 'is not allowed on the first stage: there is no stage before it to wait for.')
        return {after: readSpan('0m') as Duration, apps: stage.apps}
      }

      const after = stage.after === undefined ? undefined : readSpan(stage.after)
      if (stage.after !== undefined && !after) report(path, `${JSON.stringify(stage.after)} is not valid: give ${SPAN_FORMS}.`)
      return {after: after ?? (readSpan('0m') as Duration), apps: stage.apps}
    })

    return {
      ...(entry.addons ? {addons: entry.addons} : {}),
      apps: entry.apps,
      blackouts: blackouts(entry.blackouts, [...here, 'blackouts']),
      name: entry.name ?? `rules[${index}]`,
      stages,
      ...(window ? {window} : {}),
    }
  })

  if (problems.length > 0) throw new InvalidPolicyError(file, problems)
  return {blackouts: global, rules}
}

import {expect} from 'chai'
import * as fc from 'fast-check'
import {DateTime, IANAZone} from 'luxon'

import type {AddOn, HerokuApp, Maintenance, MaintenanceWindow} from '../../src/lib/maintenance/types.js'

import {ValidationError} from '../../src/lib/errors.js'
import {parseWeekTarget} from '../../src/lib/flags.js'
import {formatShortWindow} from '../../src/lib/format/time.js'
import {allowsManualMaintenance, ensureManualMaintenanceAllowed, planTier} from '../../src/lib/maintenance/plans.js'
import {previewRun} from '../../src/lib/maintenance/run.js'
import {MAX_DELAY_WEEKS, planReschedule, rescheduledTime, rescheduleOutcome, type ScheduleRequest, weeksBetween} from '../../src/lib/maintenance/schedule.js'
import {parseApiTime} from '../../src/lib/maintenance/time.js'
import {
  addBusinessDays,
  nextWindowStart,
  NOTICE_BUSINESS_DAYS,
  parseDayOfWeek,
  parseTimeOfDay,
  planWindowRequest,
  serviceWindowText,
  WEEKDAYS,
  type WeeklyStart,
  WINDOW_HOURS,
  windowRequest,
  windowUpdateOutcome,
} from '../../src/lib/maintenance/window.js'
import {explainRunOutcome} from '../../src/lib/present/run.js'
import * as sandbox from './sandbox-rules.js'

// The contract oracle: the plugin's rules and the sandbox's own model of the service, fed the same generated
// inputs, must agree. The sandbox shares no code with the plugin, so a mistake made on one side shows up here as a
// disagreement; the API's documented behaviour, not either side, says which one is right.

/** Runs of the pure rules, of the zone conversions (the slowest rule), and of the dry runs (each builds a small sandbox world). The whole file stays well under 20 s. */
const RULE_RUNS = 1000
const ZONE_RUNS = 500
const WORLD_RUNS = 400

// Zones with summer time in either hemisphere (Lord Howe moves by 30 minutes, Dublin's is "negative"), the
// extremes UTC+13/+14 and UTC-12, and zones a quarter or half hour off.
const NORTHERN_DST_ZONES = ['Europe/Berlin', 'Europe/London', 'Europe/Dublin', 'America/New_York', 'America/Los_Angeles', 'America/St_Johns', 'Africa/Casablanca']
const DST_ZONES = [...NORTHERN_DST_ZONES, 'America/Santiago', 'Australia/Sydney', 'Australia/Lord_Howe', 'Pacific/Auckland', 'Pacific/Chatham']
const ZONES = [...DST_ZONES, 'UTC', 'Pacific/Apia', 'Pacific/Tongatapu', 'Pacific/Kiritimati', 'Etc/GMT-13', 'Etc/GMT+12', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Tehran']
const FIRST_YEAR = 2024
const LAST_YEAR = 2032
const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

/** An instant (UTC, as the sandbox's clock has it) and a zone the plugin may see it in. */
interface Moment {
  at: DateTime
  zone: string
}

const offsetChanges = new Map<string, number[]>()

/** Epoch ms of every offset change of `zone` in `year`, to the minute. */
function offsetChangesOf(zone: string, year: number): number[] {
  const key = `${zone} ${year}`
  const known = offsetChanges.get(key)
  if (known) return known
  const iana = IANAZone.create(zone)
  const changes: number[] = []
  const end = Date.UTC(year + 1, 0, 1)
  for (let day = Date.UTC(year, 0, 1); day < end; day += DAY_MS) {
    if (iana.offset(day) === iana.offset(day + DAY_MS)) continue
    let low = day
    let high = day + DAY_MS
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / (2 * MINUTE_MS)) * MINUTE_MS
      if (iana.offset(middle) === iana.offset(low)) low = middle
      else high = middle
    }

    changes.push(high)
  }

  offsetChanges.set(key, changes)
  return changes
}

const aZone = fc.constantFrom(...ZONES)
const aYear = fc.integer({max: LAST_YEAR, min: FIRST_YEAR})
/** Minutes either side of an interesting instant, most of them close to it. */
const minutesAround = fc.oneof(fc.integer({max: 90, min: -90}), fc.integer({max: 3 * 1440, min: -3 * 1440}))
const extraMillis = fc.oneof(fc.constant(0), fc.integer({max: 59_999, min: 0}))

const anyTime = fc
.record({extra: extraMillis, minute: fc.integer({max: (Date.UTC(LAST_YEAR + 1, 0, 1) - Date.UTC(FIRST_YEAR, 0, 1)) / MINUTE_MS, min: 0}), zone: aZone})
.map(({extra, minute, zone}) => ({at: DateTime.fromMillis(Date.UTC(FIRST_YEAR, 0, 1) + minute * MINUTE_MS + extra, {zone: 'utc'}), zone}))
const aroundYearEnd = fc
.record({extra: extraMillis, minutes: minutesAround, year: aYear, zone: aZone})
.map(({extra, minutes, year, zone}) => ({at: DateTime.utc(year + 1, 1, 1).plus({milliseconds: extra, minutes}), zone}))
const aroundOffsetChange = fc
.record({extra: extraMillis, minutes: minutesAround, pick: fc.nat(), year: aYear, zone: fc.constantFrom(...DST_ZONES)})
.map(({extra, minutes, pick, year, zone}) => {
  const changes = offsetChangesOf(zone, year)
  const base = changes.length > 0 ? changes[pick % changes.length] : Date.UTC(year, 2, 31)
  return {at: DateTime.fromMillis(base + minutes * MINUTE_MS + extra, {zone: 'utc'}), zone}
})
/** Instants anywhere in the years, around year ends (ISO week years too) and around offset changes. */
const aMoment: fc.Arbitrary<Moment> = fc.oneof(anyTime, aroundYearEnd, aroundOffsetChange)

/** A weekly window as the sandbox keeps it: every weekday, with midnight, 20:00 and later (ending after midnight) and 23:30 often. */
const aWindow: fc.Arbitrary<sandbox.WeeklyWindow> = fc.record({
  startMinute: fc.oneof(fc.constantFrom(0, 30, 18 * 60, 20 * 60, 23 * 60, 23 * 60 + 30, 1439), fc.integer({max: 1439, min: 0})),
  weekday: fc.integer({max: 7, min: 1}),
})

/** The same window as the plugin keeps it. */
function startOf(window: sandbox.WeeklyWindow): WeeklyStart {
  return {day: WEEKDAYS[window.weekday - 1], time: {hour: Math.floor(window.startMinute / 60), minute: window.startMinute % 60}}
}

/** What the plugin reads, or null where it refuses the input with a ValidationError (anything else is a failure). */
function clientReads<T>(read: () => T): null | T {
  try {
    return read()
  } catch (error) {
    if (error instanceof ValidationError) return null
    throw error
  }
}

/** DAY as the plugin reads it, as an ISO weekday number; null where it refuses it. */
function clientWeekday(text: string): null | number {
  const day = clientReads(() => parseDayOfWeek(text))
  return day === null ? null : WEEKDAYS.indexOf(day) + 1
}

/** TIME as the plugin reads it, in minutes after midnight; null where it refuses it. */
function clientStartMinute(text: string): null | number {
  const time = clientReads(() => parseTimeOfDay(text))
  return time === null ? null : time.hour * 60 + time.minute
}

/** The plugin's refusal of the input (a ValidationError's message), or null when it takes it. */
function refusalOf(act: () => unknown): null | string {
  try {
    act()
    return null
  } catch (error) {
    if (error instanceof ValidationError) return error.message
    throw error
  }
}

/** What the sandbox did, or the error answer it gave (anything else than an HttpError is a failure). */
function sandboxDoes<T>(act: () => T): sandbox.HttpError | {done: T} {
  try {
    return {done: act()}
  } catch (error) {
    if (error instanceof sandbox.HttpError) return error
    throw error
  }
}

const millis = (time: DateTime | null | string | undefined) => (typeof time === 'string' || time === null || time === undefined ? parseApiTime(time)?.toMillis() ?? null : time.toMillis())

/** `14:30`, `9:05`, `2:30 PM`, and near misses: hours to 25, minutes to 61, odd separators and meridiems, stray space. */
const aTimeText = fc.oneof(
  {
    arbitrary: fc
    .record({
      hour: fc.integer({max: 25, min: 0}),
      meridiem: fc.constantFrom('', '', 'am', 'pm', 'AM', 'PM', ' am', ' Pm', '  pm', 'a', ' p.m.', 'm'),
      minute: fc.oneof(fc.integer({max: 61, min: 0}).map(m => String(m).padStart(2, '0')), fc.integer({max: 9, min: 0}).map(String)),
      padHour: fc.boolean(),
      padding: fc.constantFrom('', '', ' ', '\t'),
      separator: fc.constantFrom(':', ':', ':', '.', ''),
    })
    .map(({hour, meridiem, minute, padHour, padding, separator}) => `${padding}${padHour ? String(hour).padStart(2, '0') : hour}${separator}${minute}${meridiem}${padding}`),
    weight: 6,
  },
  {arbitrary: fc.string({maxLength: 8}), weight: 1},
)

/** Weekday names in every case, singular, plural, abbreviated, and near misses (`tues`, `mo`, `mondayss`). */
const aDayText = fc.oneof(
  {
    arbitrary: fc
    .record({
      day: fc.constantFrom(...WEEKDAYS),
      form: fc.constantFrom('name', 'plural', 'abbreviation', 'four letters', 'two letters', 'double plural'),
      padding: fc.constantFrom('', '', ' ', '\t'),
      upper: fc.array(fc.boolean(), {maxLength: 11, minLength: 11}),
    })
    .map(({day, form, padding, upper}) => {
      const word = {abbreviation: day.slice(0, 3), 'double plural': `${day}ss`, 'four letters': day.slice(0, 4), name: day, plural: `${day}s`, 'two letters': day.slice(0, 2)}[form]
      return `${padding}${[...word].map((letter, index) => (upper[index] ? letter.toUpperCase() : letter)).join('')}${padding}`
    }),
    weight: 6,
  },
  {arbitrary: fc.string({maxLength: 10}), weight: 1},
)

/** Every plan name either side knows, and tiers neither knows. */
const KNOWN_PLANS = ['mini', 'hobby-dev', 'hobby-basic', 'essential-0', 'essential-1', 'essential-2', 'standard-0', 'standard-2', 'premium-0', 'premium-5', 'private-7', 'shield-9']
const aService = fc.constantFrom<sandbox.AddonServiceName>('heroku-redis', 'heroku-postgresql')
const aPlan = fc.oneof(
  {arbitrary: fc.constantFrom(...KNOWN_PLANS), weight: 4},
  {
    arbitrary: fc
    .tuple(fc.constantFrom('mini', 'hobby', 'essential', 'standard', 'premium', 'private', 'shield', 'basic', 'enterprise'), fc.constantFrom('', '-0', '-dev', '-basic', '-12', '-extended'))
    .map(([tier, size]) => `${tier}${size}`),
    weight: 2,
  },
  {arbitrary: fc.stringMatching(/^[a-z]{1,9}(-[a-z0-9]{1,5})?$/), weight: 1},
)

/** The plugin's add-on as the Platform API's resolve answers it (the service prefix on the plan). */
function anAddOn(service: string, plan: string): AddOn {
  return {addon_service: {name: service}, app: {id: 'app-id', name: 'example-app'}, config_vars: ['REDIS_URL'], id: 'addon-id', name: 'redis-oracle-1', plan: {name: `${service}:${plan}`}}
}

describe('the contract oracle: the plugin\'s rules against the sandbox\'s', () => {
  describe('window parsing (DAY and TIME, and a start given in a zone)', () => {
    it('reads a day of the week as the sandbox reads day_of_week', () => {
      fc.assert(fc.property(aDayText, text => {
        expect(clientWeekday(text), JSON.stringify(text)).to.equal(sandbox.parseDayOfWeek(text))
      }), {numRuns: RULE_RUNS})
    })

    it('reads a time of day as the sandbox reads time_of_day', () => {
      fc.assert(fc.property(aTimeText, text => {
        expect(clientStartMinute(text), JSON.stringify(text)).to.equal(sandbox.parseTimeOfDay(text))
      }), {numRuns: RULE_RUNS})
    })

    it('reads the sandbox\'s wording of a window (`Tuesdays 14:00 to 18:00 UTC`) back to the window', () => {
      fc.assert(fc.property(aWindow, window => {
        const worded = sandbox.describeWindow(window)
        const [dayText, timeText] = worded.split(' ')
        expect(parseDayOfWeek(dayText), worded).to.equal(startOf(window).day)
        expect(parseTimeOfDay(timeText), worded).to.deep.equal(startOf(window).time)
        expect(formatShortWindow(worded), worded).to.match(/^[A-Z][a-z]{2} \d\d:\d\d-\d\d:\d\d$/)
      }), {numRuns: RULE_RUNS})
    })

    it('sends a start given in a zone as a UTC window whose starts the sandbox puts at that local day and time', () => {
      fc.assert(fc.property(aWindow, aMoment, (local, {at: now, zone}) => {
        const {conversion, request} = planWindowRequest({...startOf(local), now, zone})
        const window = {startMinute: sandbox.parseTimeOfDay(request.time_of_day), weekday: sandbox.parseDayOfWeek(request.day_of_week)}
        expect(window.weekday, request.day_of_week).to.not.equal(null)
        expect(window.startMinute, request.time_of_day).to.not.equal(null)
        const stored = window as sandbox.WeeklyWindow
        const {occurrence} = conversion!
        // The occurrence whose offset the plugin used is one of the sandbox's starts, at the local time asked.
        expect(sandbox.nextWindowStart(stored, occurrence).toMillis(), `${zone} ${occurrence.toISO()}`).to.equal(occurrence.toMillis())
        const there = occurrence.setZone(zone)
        expect({day: WEEKDAYS[there.weekday - 1], time: {hour: there.hour, minute: there.minute}}).to.deep.equal(startOf(local))
        // In the other season the sandbox's starts fall where the plugin says they do.
        const {otherSeason} = conversion!
        for (const month of otherSeason ? [1, 7] : []) {
          const start = sandbox.nextWindowStart(stored, DateTime.utc(occurrence.year, month, 1)).setZone(zone)
          if (start.toFormat('ZZ') !== otherSeason!.offset) continue
          expect({day: WEEKDAYS[start.weekday - 1], time: {hour: start.hour, minute: start.minute}}, `${zone} ${start.toISO()}`).to.deep.equal(otherSeason!.local)
        }
      }), {numRuns: ZONE_RUNS})
    })
  })

  describe('window wording', () => {
    it('words the window it sends as the sandbox words the window it stores', () => {
      fc.assert(fc.property(aWindow, window => {
        const start = startOf(window)
        const request = windowRequest(start.day, start.time)
        expect(serviceWindowText(request)).to.equal(sandbox.describeWindow(window))
        expect({startMinute: sandbox.parseTimeOfDay(request.time_of_day), weekday: sandbox.parseDayOfWeek(request.day_of_week)}).to.deep.equal(window)
      }), {numRuns: RULE_RUNS})
    })

    it('has windows as long as the sandbox\'s', () => {
      expect(WINDOW_HOURS).to.equal(sandbox.WINDOW_HOURS)
    })
  })

  describe('next window start', () => {
    it('finds the same first start at or after any instant, in whatever zone the instant comes', () => {
      // Any instant, or one at a start of the window or a millisecond, a second or a minute either side of it.
      const aWindowAndInstant = fc.tuple(aWindow, aMoment, fc.option(fc.constantFrom(0, -1, 1, -1000, 1000, -MINUTE_MS, MINUTE_MS), {freq: 2})).map(([window, moment, nearStart]) => ({
        moment: nearStart === null ? moment : {at: sandbox.nextWindowStart(window, moment.at).plus({milliseconds: nearStart}), zone: moment.zone},
        window,
      }))
      fc.assert(fc.property(aWindowAndInstant, ({moment: {at, zone}, window}) => {
        const client = nextWindowStart(startOf(window), at.setZone(zone))
        expect(client.toMillis(), `${sandbox.describeWindow(window)} from ${at.setZone(zone).toISO()}`).to.equal(sandbox.nextWindowStart(window, at).toMillis())
      }), {numRuns: RULE_RUNS})
    })
  })

  describe('business-day notice', () => {
    it('gives the same notice', () => {
      expect(NOTICE_BUSINESS_DAYS).to.equal(sandbox.NOTICE_BUSINESS_DAYS)
    })

    it('counts business days to the same instant, in whatever zone the instant comes', () => {
      fc.assert(fc.property(aMoment, fc.integer({max: 15, min: 0}), ({at, zone}, days) => {
        expect(addBusinessDays(at.setZone(zone), days).toMillis(), `${days} from ${at.setZone(zone).toISO()}`).to.equal(sandbox.addBusinessDays(at, days).toMillis())
      }), {numRuns: RULE_RUNS})
    })
  })

  describe('plan tiers', () => {
    it('lets the same plans set a window and run on demand, by the same tier', () => {
      fc.assert(fc.property(aService, aPlan, (service, plan) => {
        const tier = sandbox.controllableTier(service, plan)
        expect(allowsManualMaintenance(anAddOn(service, plan)), `${service}:${plan}`).to.equal(tier !== null)
        if (tier !== null) expect(planTier(`${service}:${plan}`)).to.equal(tier)
      }), {numRuns: RULE_RUNS})
    })

    it('lets run on demand only plans the sandbox gives a standby to promote (never mini, hobby or essential)', () => {
      fc.assert(fc.property(aService, aPlan, (service, plan) => {
        if (allowsManualMaintenance(anAddOn(service, plan))) expect(sandbox.isHighAvailability(plan), `${service}:${plan}`).to.equal(true)
      }), {numRuns: RULE_RUNS})
    })
  })

  describe('week arithmetic of schedule', () => {
    const aDelay = fc.integer({max: MAX_DELAY_WEEKS, min: -MAX_DELAY_WEEKS}).filter(weeks => weeks !== 0)
    /** A moment written as the API may write it: ISO 8601 with the offset of the zone at that instant. */
    const asApiWrites = ({at, zone}: Moment) => DateTime.fromISO(at.setZone(zone).toISO() as string, {setZone: true})
    const EARLIEST = DateTime.utc(1970)
    const LATEST = DateTime.utc(9999)

    it('moves by --weeks where the sandbox moves, refusing what it refuses for the same reason', () => {
      // The clock and required_by a few whole weeks from the moved time, exactly or give or take a little.
      const weeksFrom = fc.record({
        jitter: fc.oneof({arbitrary: fc.constant(0), weight: 2}, fc.constantFrom(-1, 1, -1000, 1000, -MINUTE_MS, MINUTE_MS), fc.integer({max: 7 * DAY_MS, min: -7 * DAY_MS})),
        weeks: fc.integer({max: 3, min: -3}),
      })
      fc.assert(fc.property(aMoment, aDelay, weeksFrom, weeksFrom, aZone, (scheduled, weeks, fromNow, fromRequired, zone) => {
        const now = {at: scheduled.at.plus({milliseconds: fromNow.jitter, weeks: weeks + fromNow.weeks}), zone}
        const required = {at: scheduled.at.plus({milliseconds: fromRequired.jitter, weeks: weeks + fromRequired.weeks}), zone: scheduled.zone}
        const check = () => rescheduledTime({delayWeeks: weeks, now: asApiWrites(now), origin: `--weeks ${weeks}`, requiredBy: asApiWrites(required), scheduledFor: asApiWrites(scheduled)})
        const client = clientReads(check)
        const refusal = client === null ? refusalOf(check) : null
        const reason = refusal === null ? null : (refusal.includes('in the past') ? 'in_the_past' : 'after_required_by')
        const shifted = sandbox.shiftByWeeks(scheduled.at, weeks, now.at, required.at)
        const where = `${weeks} weeks from ${scheduled.at.toISO()}, now ${now.at.toISO()}, required by ${required.at.toISO()}`
        expect(client === null ? null : client.toMillis(), where).to.equal(shifted.ok ? shifted.time.toMillis() : null)
        const both = scheduled.at.plus({weeks}) < now.at && scheduled.at.plus({weeks}) > required.at
        if (!shifted.ok && !both) expect(reason, where).to.equal(shifted.reason)
      }), {numRuns: RULE_RUNS})
    })

    it('names as the furthest move the one the sandbox still takes (one week more it refuses)', () => {
      fc.assert(fc.property(aMoment, aMoment, fc.boolean(), (scheduled, bound, later) => {
        // A move far beyond the bound, so that the refusal names the furthest one.
        const message = refusalOf(() => rescheduledTime({
          delayWeeks: (later ? 1 : -1) * 1000,
          origin: '--weeks',
          scheduledFor: scheduled.at,
          ...(later ? {requiredBy: bound.at} : {now: bound.at}),
        }))
        fc.pre(message !== null)
        const hint = /it can move at most (\d+) weeks? (later|earlier)|it cannot move (later|earlier)/.exec(message!)
        expect(hint, message!).to.not.equal(null)
        const furthest = hint![1] === undefined ? 0 : Number(hint![1])
        const sign = later ? 1 : -1
        const shift = (weeks: number) => (later ? sandbox.shiftByWeeks(scheduled.at, weeks, EARLIEST, bound.at) : sandbox.shiftByWeeks(scheduled.at, weeks, bound.at, LATEST))
        if (furthest > 0) expect(shift(sign * furthest).ok, message!).to.equal(true)
        expect(shift(sign * (furthest + 1)).ok, message!).to.equal(false)
      }), {numRuns: RULE_RUNS})
    })

    it('counts --week to a delay that the sandbox moves into that ISO week (UTC)', () => {
      fc.assert(fc.property(aMoment, aMoment, fc.boolean(), (scheduled, target, asDate) => {
        const text = asDate ? target.at.toISODate() as string : target.at.toFormat("kkkk-'W'WW")
        const week = parseWeekTarget(text)
        const delay = weeksBetween(asApiWrites(scheduled), week.weekStart)
        const shifted = sandbox.shiftByWeeks(scheduled.at, delay, EARLIEST, LATEST)
        expect(shifted.ok).to.equal(true)
        if (shifted.ok) expect(shifted.time.toUTC().startOf('week').toMillis(), `${text} from ${scheduled.at.toISO()}`).to.equal(week.weekStart.toMillis())
      }), {numRuns: RULE_RUNS})
    })
  })

  describe('dry-run outcomes', () => {
    const base = sandbox.buildSeed('demo', sandbox.instant(sandbox.DEFAULT_START), 1)
    const STATUSES = [null, 'pending', 'preparing', 'ready', 'running', 'completed'] as const

    /** One add-on of a sandbox world in a generated state: its plan, window and maintenance, the app's mode and the clock. */
    const aWorld = fc.record({
      appInMaintenance: fc.boolean(),
      now: aMoment.map(({at}) => at.startOf('second')),
      plan: aPlan,
      // Whole weeks often, so that moves land exactly on required_by or on the clock.
      requiredInMinutes: fc.oneof(fc.integer({max: 100 * 1440, min: -14 * 1440}), fc.integer({max: 14, min: -2}).map(weeks => weeks * 7 * 1440)),
      scheduledFromRequired: fc.oneof(fc.constant(0), fc.integer({max: 2 * 1440, min: -90 * 1440}), fc.integer({max: 0, min: -13}).map(weeks => weeks * 7 * 1440)),
      service: aService,
      status: fc.constantFrom(...STATUSES),
      window: fc.option(aWindow, {freq: 4}),
    })
    type WorldSpec = typeof aWorld extends fc.Arbitrary<infer T> ? T : never

    function worldOf(spec: WorldSpec) {
      const world = new sandbox.World(structuredClone(base))
      const addon = world.findAddon(sandbox.SEED_IDS.redisLively) as sandbox.AddonRecord
      world.state.clock = sandbox.formatInstant(spec.now)
      addon.service = spec.service
      addon.plan = spec.plan
      addon.window = spec.window
      addon.previousWindow = null
      world.appById(addon.appId).maintenance = spec.appInMaintenance
      const required = spec.now.plus({minutes: spec.requiredInMinutes})
      const started = spec.status === 'running' || spec.status === 'completed' ? spec.now.minus({minutes: 3}) : null
      addon.maintenance = spec.status === null
        ? null
        : {
          announcedAt: sandbox.formatInstant(required.minus({days: 14})),
          completedAt: spec.status === 'completed' ? sandbox.formatInstant(spec.now) : null,
          durationSeconds: spec.status === 'completed' ? 180 : null,
          id: 'oracle-maintenance',
          method: 'failover',
          previouslyScheduledFor: null,
          reason: 'routine_maintenance',
          requiredBy: sandbox.formatInstant(required),
          scheduledFor: sandbox.formatInstant(required.plus({minutes: spec.scheduledFromRequired})),
          serverCreatedAt: sandbox.formatInstant(required.minus({days: 90})),
          startedAt: started ? sandbox.formatInstant(started) : null,
          status: spec.status,
          steps: [],
          window: spec.window ? sandbox.describeWindow(spec.window) : null,
        }
      const read = {
        addon: () => sandbox.addonView(world, addon) as unknown as AddOn,
        maintenance: () => sandbox.maintenanceView(world, addon, addon.maintenance) as unknown as Maintenance,
        window: () => sandbox.windowView(addon) as unknown as MaintenanceWindow,
      }
      const apis = {
        data: {
          history: async () => addon.history.map(record => sandbox.maintenanceView(world, addon, record) as unknown as Maintenance),
          info: async () => read.maintenance(),
        },
        platform: {getApp: async () => sandbox.appView(world, world.appById(addon.appId)) as unknown as HerokuApp},
      }
      return {addon, apis, read, world}
    }

    const describeSpec = (spec: WorldSpec) => JSON.stringify({...spec, now: spec.now.toISO()})

    it('run: would start now exactly when the sandbox starts it', async () => {
      await fc.assert(fc.asyncProperty(aWorld, async spec => {
        const {addon, apis, read, world} = worldOf(spec)
        const app = read.addon().app.name
        let predicted: boolean
        try {
          predicted = (await previewRun(apis, read.addon(), {confirm: app, explain: explainRunOutcome, maintenanceMode: false, wait: false})).outcome.would_start_now
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error
          predicted = false
        }

        const done = sandboxDoes(() => sandbox.runMaintenance(world, addon))
        expect(predicted, describeSpec(spec)).to.equal(!(done instanceof sandbox.HttpError))
        if (predicted) expect(addon.maintenance?.status).to.equal('running')
      }), {numRuns: WORLD_RUNS})
    })

    it('schedule --weeks / --week: the move it predicts is the one the sandbox makes, and what it refuses the sandbox refuses', () => {
      // --weeks N, or --week as a date (or ISO week) some weeks and days from the scheduled time (from the clock when none).
      const aRequest = fc.oneof(
        fc.integer({max: MAX_DELAY_WEEKS, min: -MAX_DELAY_WEEKS}).filter(weeks => weeks !== 0).map(weeks => ({weeks})),
        fc.record({asWeek: fc.boolean(), days: fc.integer({max: 6, min: -6}), weeksAway: fc.integer({max: MAX_DELAY_WEEKS + 2, min: -MAX_DELAY_WEEKS - 2})}),
      )
      fc.assert(fc.property(aWorld, aRequest, (spec, asked) => {
        const {addon, read, world} = worldOf(spec)
        const before = read.maintenance()
        const from = (parseApiTime(before.scheduled_for) ?? spec.now).toUTC().plus({days: 'days' in asked ? asked.days : 0, weeks: 'weeksAway' in asked ? asked.weeksAway : 0})
        const request: ScheduleRequest = 'weeks' in asked ? asked : {week: parseWeekTarget(asked.asWeek ? from.toFormat("kkkk-'W'WW") : from.toISODate() as string)}
        const where = `${describeSpec(spec)} ${JSON.stringify(request)}`
        const outcome = clientReads(() => {
          ensureManualMaintenanceAllowed(read.addon(), 'reschedule maintenance')
          return rescheduleOutcome(planReschedule(before, request, spec.now))
        })
        let delay = outcome?.delay_weeks
        if (delay === undefined && 'week' in request && before.scheduled_for) {
          // Refused: a --week within reach is refused for what the sandbox refuses, not for the week count.
          const weeks = weeksBetween(parseApiTime(before.scheduled_for)!, request.week.weekStart)
          if (weeks !== 0 && Math.abs(weeks) <= MAX_DELAY_WEEKS) delay = weeks
        }

        if (delay === undefined && 'weeks' in request) delay = request.weeks
        if (delay === undefined) return
        const done = sandboxDoes(() => sandbox.rescheduleMaintenance(world, addon, delay))
        expect(outcome === null, `${where}: ${done instanceof sandbox.HttpError ? done.message : 'the sandbox moved it'}`).to.equal(done instanceof sandbox.HttpError)
        if (outcome === null || done instanceof sandbox.HttpError) return
        expect(millis(outcome.scheduled_for), where).to.equal(millis(done.done.scheduledFor))
        expect(millis(outcome.previously_scheduled_for), where).to.equal(millis(done.done.previouslyScheduledFor))
      }), {numRuns: WORLD_RUNS})
    })

    it('window:update (with and without --tz): the window, the next start and the maintenance it predicts are the sandbox\'s', () => {
      fc.assert(fc.property(aWorld, aWindow, fc.option(aZone, {freq: 2}), (spec, local, zone) => {
        const {addon, read, world} = worldOf(spec)
        const where = `${describeSpec(spec)} ${sandbox.describeWindow(local)} in ${zone ?? 'UTC'}`
        const planned = planWindowRequest({...startOf(local), now: spec.now, ...(zone === null ? {} : {zone})})
        const outcome = clientReads(() => {
          ensureManualMaintenanceAllowed(read.addon(), 'set a maintenance window')
          return windowUpdateOutcome({before: read.window(), current: read.maintenance(), now: spec.now, planned})
        })
        const window = {startMinute: sandbox.parseTimeOfDay(planned.request.time_of_day) as number, weekday: sandbox.parseDayOfWeek(planned.request.day_of_week) as number}
        const done = sandboxDoes(() => sandbox.updateWindow(world, addon, window))
        expect(outcome === null, where).to.equal(done instanceof sandbox.HttpError)
        if (outcome === null) return
        const after = read.window()
        expect(outcome.window, where).to.equal(after.window)
        expect(outcome.previous_window, where).to.equal(after.previous_window)
        expect(millis(outcome.next_window_start), where).to.equal(sandbox.nextWindowStart(window, spec.now).toMillis())
        if (outcome.next_maintenance_estimate !== null) expect(millis(outcome.next_maintenance_estimate), where).to.equal(millis(after.scheduled_at))
      }), {numRuns: WORLD_RUNS})
    })
  })
})

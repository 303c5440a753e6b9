import {expect} from 'chai'
import {clockTarget, formatInstant, formatRedisTime, instant, parseInstant, parsePositiveDuration} from 'heroku-data-maintenance-sandbox/clock'
import {SeededRandom} from 'heroku-data-maintenance-sandbox/random'
import {
  addBusinessDays,
  announcementTime,
  controllableTier,
  defaultWindow,
  describeWindow,
  humanPlanName,
  nextWindowStart,
  parseDayOfWeek,
  parseTimeOfDay,
  requiredBy,
  scheduleTime,
  shiftByWeeks,
  WINDOW_HOURS,
} from 'heroku-data-maintenance-sandbox/rules'
import {DateTime} from 'luxon'

const at = (text: string) => instant(text)
const FRIDAY_18 = {weekday: 5, startMinute: 18 * 60}

describe('sandbox rules', () => {
  describe('time formats', () => {
    it('prints Data API times with milliseconds and +00:00', () => {
      expect(formatInstant(at('2023-04-28T18:00:00Z'))).to.equal('2023-04-28T18:00:00.000+00:00')
      expect(formatInstant(DateTime.fromISO('2023-04-28T20:00:00+02:00'))).to.equal('2023-04-28T18:00:00.000+00:00')
    })

    it('prints Redis info times as yyyy-MM-dd HH:mm:ss +0000', () => {
      expect(formatRedisTime(at('2016-02-01T00:00:00Z'))).to.equal('2016-02-01 00:00:00 +0000')
    })

    it('parses instants and positive durations, refusing anything else', () => {
      expect(parseInstant('2026-11-23T12:00:00Z')?.toISO()).to.equal('2026-11-23T12:00:00.000Z')
      expect(parseInstant('not a time')).to.equal(null)
      expect(parseInstant('')).to.equal(null)
      expect(() => instant('nope')).to.throw(/not an ISO 8601 instant/)
      expect(parsePositiveDuration('PT10M')?.toMillis()).to.equal(600_000)
      expect(parsePositiveDuration('PT0S')).to.equal(null)
      expect(parsePositiveDuration('10 minutes')).to.equal(null)
      expect(parsePositiveDuration(5)).to.equal(null)
    })

    it('moves the clock forward only', () => {
      const now = at('2026-11-23T12:00:00Z')
      expect(formatInstant(clockTarget(now, {advance: parsePositiveDuration('P1D')!}))).to.equal('2026-11-24T12:00:00.000+00:00')
      expect(formatInstant(clockTarget(now, {set: at('2026-12-01T00:00:00Z')}))).to.equal('2026-12-01T00:00:00.000+00:00')
      expect(() => clockTarget(now, {set: at('2026-11-01T00:00:00Z')})).to.throw(/cannot go back/)
    })
  })

  describe('windows', () => {
    it('are 4 hours long and worded like the service', () => {
      expect(WINDOW_HOURS).to.equal(4)
      expect(describeWindow(FRIDAY_18)).to.equal('Fridays 18:00 to 22:00 UTC')
      expect(describeWindow({weekday: 7, startMinute: 14 * 60 + 30})).to.equal('Sundays 14:30 to 18:30 UTC')
      expect(describeWindow({weekday: 2, startMinute: 23 * 60})).to.equal('Tuesdays 23:00 to 03:00 UTC')
    })

    it('reads days and times as customers type them', () => {
      expect(parseDayOfWeek('sunday')).to.equal(7)
      expect(parseDayOfWeek('Fridays')).to.equal(5)
      expect(parseDayOfWeek('MON')).to.equal(1)
      expect(parseDayOfWeek('funday')).to.equal(null)
      expect(parseDayOfWeek('m')).to.equal(null)
      expect(parseTimeOfDay('14:30')).to.equal(870)
      expect(parseTimeOfDay('0:05')).to.equal(5)
      expect(parseTimeOfDay('1:30PM')).to.equal(810)
      expect(parseTimeOfDay('12:00 am')).to.equal(0)
      expect(parseTimeOfDay('12:15pm')).to.equal(735)
      expect(parseTimeOfDay('24:00')).to.equal(null)
      expect(parseTimeOfDay('13:00pm')).to.equal(null)
      expect(parseTimeOfDay('10:60')).to.equal(null)
      expect(parseTimeOfDay('noon')).to.equal(null)
    })

    it('defaults to a start Monday–Friday between 18:00 and 23:00 UTC, the same for the same seed', () => {
      const seen = new Set<string>()
      for (let seed = 0; seed < 300; seed++) {
        const window = defaultWindow(new SeededRandom(seed))
        expect(window.weekday).to.be.within(1, 5)
        expect(window.startMinute).to.be.within(18 * 60, 23 * 60)
        expect(defaultWindow(new SeededRandom(seed))).to.deep.equal(window)
        seen.add(describeWindow(window))
      }

      expect(seen.size).to.be.greaterThan(20)
    })

    it('finds the next window start at or after a time', () => {
      expect(formatInstant(nextWindowStart(FRIDAY_18, at('2026-11-23T12:00:00Z')))).to.equal('2026-11-27T18:00:00.000+00:00')
      expect(formatInstant(nextWindowStart(FRIDAY_18, at('2026-11-27T18:00:00Z')))).to.equal('2026-11-27T18:00:00.000+00:00')
      expect(formatInstant(nextWindowStart(FRIDAY_18, at('2026-11-27T18:00:01Z')))).to.equal('2026-12-04T18:00:00.000+00:00')
    })
  })

  describe('schedule', () => {
    it('requires maintenance 90 days after the server was created, announced 14 days before', () => {
      const created = at('2026-09-04T18:04:20.191Z')
      expect(formatInstant(requiredBy(created))).to.equal('2026-12-03T18:04:20.191+00:00')
      expect(formatInstant(announcementTime(requiredBy(created)))).to.equal('2026-11-19T18:04:20.191+00:00')
    })

    it('counts business days, skipping weekends', () => {
      expect(formatInstant(addBusinessDays(at('2026-11-23T12:00:00Z'), 3))).to.equal('2026-11-26T12:00:00.000+00:00')
      expect(formatInstant(addBusinessDays(at('2026-11-27T12:00:00Z'), 3))).to.equal('2026-12-02T12:00:00.000+00:00')
      expect(formatInstant(addBusinessDays(at('2026-11-28T09:00:00Z'), 3))).to.equal('2026-12-02T09:00:00.000+00:00')
    })

    it('schedules into the first window at least 3 business days away', () => {
      const required = at('2026-12-31T00:00:00Z')
      // Wednesday: three business days later is Monday, so this Friday is too soon.
      expect(formatInstant(scheduleTime(FRIDAY_18, at('2026-11-25T12:00:00Z'), required))).to.equal('2026-12-04T18:00:00.000+00:00')
      // Monday noon: Thursday noon is the earliest, so Friday works.
      expect(formatInstant(scheduleTime(FRIDAY_18, at('2026-11-23T12:00:00Z'), required))).to.equal('2026-11-27T18:00:00.000+00:00')
    })

    it('falls back to required_by when no window fits, or there is no window', () => {
      const required = at('2026-12-01T08:00:00Z')
      expect(formatInstant(scheduleTime(FRIDAY_18, at('2026-11-25T12:00:00Z'), required))).to.equal('2026-12-01T08:00:00.000+00:00')
      expect(formatInstant(scheduleTime(null, at('2026-11-25T12:00:00Z'), required))).to.equal('2026-12-01T08:00:00.000+00:00')
      // Already overdue: as soon as possible, never in the past.
      expect(formatInstant(scheduleTime(null, at('2026-12-02T00:00:00Z'), required))).to.equal('2026-12-02T00:00:00.000+00:00')
      expect(formatInstant(scheduleTime(FRIDAY_18, at('2026-12-02T00:00:00Z'), required))).to.equal('2026-12-02T00:00:00.000+00:00')
    })

    it('moves by whole weeks, never after required_by nor into the past', () => {
      const now = at('2026-11-23T12:00:00Z')
      const scheduled = at('2026-11-27T18:00:00Z')
      const moved = shiftByWeeks(scheduled, 1, now, at('2026-12-10T00:00:00Z'))
      expect(moved.ok && formatInstant(moved.time)).to.equal('2026-12-04T18:00:00.000+00:00')
      expect(shiftByWeeks(scheduled, 2, now, at('2026-12-10T00:00:00Z'))).to.deep.equal({ok: false, reason: 'after_required_by'})
      expect(shiftByWeeks(scheduled, -1, now, at('2026-12-10T00:00:00Z'))).to.deep.equal({ok: false, reason: 'in_the_past'})
    })
  })

  describe('plans', () => {
    it('lets only premium, private and shield Redis plans and standard and up Postgres plans choose', () => {
      expect(controllableTier('heroku-redis', 'premium-0')).to.equal('premium')
      expect(controllableTier('heroku-redis', 'private-7')).to.equal('private')
      expect(controllableTier('heroku-redis', 'shield-9')).to.equal('shield')
      expect(controllableTier('heroku-redis', 'mini')).to.equal(null)
      expect(controllableTier('heroku-redis', 'standard-0')).to.equal(null)
      expect(controllableTier('heroku-postgresql', 'standard-0')).to.equal('standard')
      expect(controllableTier('heroku-postgresql', 'premium-2')).to.equal('premium')
      for (const plan of ['mini', 'hobby-dev', 'hobby-basic', 'essential-0', 'basic']) {
        expect(controllableTier('heroku-postgresql', plan), plan).to.equal(null)
      }
    })

    it('names plans for people', () => {
      expect(humanPlanName('premium-0')).to.equal('Premium 0')
      expect(humanPlanName('mini')).to.equal('Mini')
    })
  })

  describe('random', () => {
    it('repeats the same sequence for the same seed and continues from a saved state', () => {
      const first = new SeededRandom(42)
      const second = new SeededRandom(42)
      expect(first.uuid()).to.equal(second.uuid())
      const resumed = new SeededRandom(first.state)
      expect(resumed.hex(16)).to.equal(first.hex(16))
      expect(new SeededRandom(7).uuid()).to.match(/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/)
    })
  })
})

import {expect} from 'chai'
import * as fc from 'fast-check'
import {DateTime, FixedOffsetZone} from 'luxon'

/**
 * Property-based tests of what turns user text into values: for any string, a parser returns a valid value or
 * throws our ValidationError with a one-line message (never anything else), and printing a parsed value then
 * parsing it again gives the same value.
 */

/** Fixed, so that a failure is the same failure on every run (fast-check prints the counterexample and its path). */
const SEED = 20_261_123
const RUNS = 600
const settings = {numRuns: RUNS, seed: SEED}

type Modules = {
  duration: typeof import('../../src/lib/format/duration.js')
  errors: typeof import('../../src/lib/errors.js')
  flags: typeof import('../../src/lib/flags.js')
  schedule: typeof import('../../src/lib/maintenance/schedule.js')
  time: typeof import('../../src/lib/format/time.js')
  times: typeof import('../../src/lib/maintenance/time.js')
  window: typeof import('../../src/lib/maintenance/window.js')
}

let m: Modules

/** Any text a user could type: arbitrary code points, plus strings close to each parser's grammar. */
const DIGIT = fc.constantFrom(...'0123456789')
const digits = (max: number) => fc.string({maxLength: max, minLength: 1, size: 'max', unit: DIGIT})
const space = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00A0')
const anyText = fc.oneof(
  fc.string({unit: 'binary'}),
  fc.string({unit: 'grapheme'}),
  fc.string({unit: fc.constantFrom(...' 0123456789:.-+hmsWwapAPM\t\n'), maxLength: 24}),
)
const timeLike = fc.tuple(space, digits(3), fc.constantFrom(':', '.', '', '::'), digits(3), space, fc.constantFrom('', 'am', 'PM', 'pm', 'a', 'm', 'AM '), space)
.map(parts => parts.join(''))
const durationLike = fc.array(fc.tuple(fc.oneof(digits(3), digits(400)), fc.constantFrom('', '.', '.5'), fc.constantFrom('h', 'm', 's', 'ms', 'H', 'MS', 'd', '')), {maxLength: 4, minLength: 1})
.map(parts => parts.flat().join(''))
const weekLike = fc.tuple(digits(5), fc.constantFrom('-', '-W', '-w', 'W', '/'), digits(3), fc.constantFrom('', '-', '-0'), fc.option(digits(3), {nil: ''}))
.map(parts => parts.join(''))

/** Runs fn; passes when it returns or throws our ValidationError with a non-empty one-line message. */
function onlyValidationErrors<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    expect((error as Error).name, `threw ${String(error)}`).to.equal('ValidationError')
    expect(error).to.be.instanceOf(m.errors.ValidationError)
    expect(message).to.match(/\S/)
    expect(message, 'the message must be one line').not.to.match(/[\n\r]/)
    return undefined
  }
}

describe('reliability: parsers under arbitrary input (fast-check)', function () {
  this.timeout(60_000)

  before(async () => {
    // Imported here, so that ValidationError is the class the parsers throw (one module instance under tsx).
    m = {
      duration: await import('../../src/lib/format/duration.js'),
      errors: await import('../../src/lib/errors.js'),
      flags: await import('../../src/lib/flags.js'),
      schedule: await import('../../src/lib/maintenance/schedule.js'),
      time: await import('../../src/lib/format/time.js'),
      times: await import('../../src/lib/maintenance/time.js'),
      window: await import('../../src/lib/maintenance/window.js'),
    }
    console.log(`      fuzz: seed ${SEED}, ${RUNS} runs per property`)
  })

  it('DAY: any string gives a weekday that parses to itself, or ValidationError', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.mixedCase(fc.constantFrom(...m.window.WEEKDAYS.flatMap(d => [d, `${d}s`, d.slice(0, 3), d.slice(0, 2), `${d}ss`])))), text => {
      const day = onlyValidationErrors(() => m.window.parseDayOfWeek(text))
      if (day !== undefined) {
        expect(m.window.WEEKDAYS).to.include(day)
        expect(m.window.parseDayOfWeek(day)).to.equal(day)
      }
    }), settings)
  })

  it('DAY: every spelling of a weekday (any case, plural, 3 letters, spaces around) is that weekday', () => {
    const spelling = fc.tuple(fc.constantFrom(...m.window.WEEKDAYS), fc.constantFrom('full', 'plural', 'short'))
    .chain(([day, form]) => fc.mixedCase(fc.constant(form === 'full' ? day : (form === 'plural' ? `${day}s` : day.slice(0, 3)))).map(typed => ({day, typed})))
    fc.assert(fc.property(spelling, space, space, ({day, typed}, before, after) => {
      expect(m.window.parseDayOfWeek(`${before}${typed}${after}`)).to.equal(day)
    }), settings)
  })

  it('TIME: any string gives a valid time whose printed form parses back to it, or ValidationError', () => {
    fc.assert(fc.property(fc.oneof(anyText, timeLike), text => {
      const time = onlyValidationErrors(() => m.window.parseTimeOfDay(text))
      if (time !== undefined) {
        expect(time.hour).to.be.within(0, 23)
        expect(time.minute).to.be.within(0, 59)
        expect(m.window.parseTimeOfDay(m.window.formatTimeOfDay(time))).to.deep.equal(time)
      }
    }), settings)
  })

  it('TIME: parseTimeOfDay(formatTimeOfDay(t)) is t, in the 24-hour and in the 12-hour form', () => {
    fc.assert(fc.property(fc.integer({max: 23, min: 0}), fc.integer({max: 59, min: 0}), fc.constantFrom('', ' '), fc.boolean(), (hour, minute, gap, upper) => {
      const time = {hour, minute}
      expect(m.window.parseTimeOfDay(m.window.formatTimeOfDay(time))).to.deep.equal(time)
      expect(m.window.parseTimeOfDay(`${hour}:${String(minute).padStart(2, '0')}`)).to.deep.equal(time)
      const suffix = hour < 12 ? 'am' : 'pm'
      const twelve = `${((hour + 11) % 12) + 1}:${String(minute).padStart(2, '0')}${gap}${upper ? suffix.toUpperCase() : suffix}`
      expect(m.window.parseTimeOfDay(twelve), twelve).to.deep.equal(time)
      expect(m.window.formatTimeOfDay(time)).to.match(/^([01]\d|2[0-3]):[0-5]\d$/)
    }), settings)
  })

  it('DURATION (--timeout, --interval): any string gives a finite positive number of milliseconds, or ValidationError', () => {
    fc.assert(fc.property(fc.oneof(anyText, durationLike), text => {
      const ms = onlyValidationErrors(() => m.duration.parseDuration(text, '--timeout'))
      if (ms !== undefined) {
        expect(Number.isFinite(ms), `${JSON.stringify(text)} gave ${ms}`).to.equal(true)
        expect(ms).to.be.greaterThan(0)
      }
      // Shrinking a 400-digit counterexample takes minutes; the first one found says enough.
    }), {...settings, endOnFailure: true})
  })

  it('DURATION: NhNmNs and Nms parse to the milliseconds they say', () => {
    fc.assert(fc.property(fc.nat(48), fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.boolean(), (h, min, s, ms, upper) => {
      fc.pre(h + min + s + ms > 0)
      const parts = [[h, 'h'], [min, 'm'], [s, 's'], [ms, 'ms']].filter(([amount]) => amount !== 0).map(([amount, unit]) => `${amount}${unit}`)
      const text = upper ? parts.join('').toUpperCase() : parts.join('')
      expect(m.duration.parseDuration(text, '--interval'), text).to.equal(h * 3_600_000 + min * 60_000 + s * 1000 + ms)
    }), settings)
  })

  it('--weeks: any string gives a whole number from -12 to 12 but 0 that prints and parses back, or ValidationError', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.integer({max: 40, min: -40}).map(String), fc.tuple(space, fc.constantFrom('', '+', '-', '--'), digits(20), space).map(p => p.join(''))), text => {
      const weeks = onlyValidationErrors(() => m.flags.parseWeeks(text))
      if (weeks !== undefined) {
        expect(Number.isInteger(weeks)).to.equal(true)
        expect(weeks).to.not.equal(0)
        expect(Math.abs(weeks)).to.be.at.most(m.schedule.MAX_DELAY_WEEKS)
        expect(m.flags.parseWeeks(String(weeks))).to.equal(weeks)
      }
    }), settings)
  })

  it('--weeks N is N exactly for every N in range, and refused outside it', () => {
    fc.assert(fc.property(fc.integer({max: 10_000, min: -10_000}), n => {
      const parsed = onlyValidationErrors(() => m.flags.parseWeeks(String(n)))
      const valid = n !== 0 && Math.abs(n) <= m.schedule.MAX_DELAY_WEEKS
      expect(parsed).to.equal(valid ? n : undefined)
    }), settings)
  })

  it('--week: any string gives the Monday 00:00 UTC that starts an ISO week, or ValidationError', () => {
    fc.assert(fc.property(fc.oneof(anyText, weekLike), text => {
      const target = onlyValidationErrors(() => m.flags.parseWeekTarget(text))
      if (target !== undefined) {
        expect(target.weekStart.isValid).to.equal(true)
        expect(target.weekStart.toUTC().toISO()).to.equal(target.weekStart.toUTC().startOf('week').toISO())
        expect(target.weekStart.weekday).to.equal(1)
      }
    }), settings)
  })

  it('--week: a date and its ISO week name the same week, which holds the date', () => {
    fc.assert(fc.property(fc.date({max: new Date('2999-12-31T23:59:59Z'), min: new Date('1000-01-01T00:00:00Z'), noInvalidDate: true}), date => {
      const day = DateTime.fromJSDate(date, {zone: 'utc'})
      const byDate = m.flags.parseWeekTarget(day.toFormat('yyyy-MM-dd'))
      const byWeek = m.flags.parseWeekTarget(`${day.weekYear}-W${String(day.weekNumber).padStart(2, '0')}`)
      expect(byWeek.weekStart.toMillis()).to.equal(byDate.weekStart.toMillis())
      expect(byDate.weekStart.toMillis()).to.be.at.most(day.startOf('day').toMillis())
      expect(day.toMillis() - byDate.weekStart.toMillis()).to.be.lessThan(7 * 24 * 3600 * 1000)
    }), settings)
  })

  it('--num: any string gives a whole number from 1 to 20 that parses back, or ValidationError', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.integer({max: 100, min: -100}).map(String), digits(30)), text => {
      const limit = onlyValidationErrors(() => m.flags.parseHistoryLimit(text))
      if (limit !== undefined) {
        expect(Number.isInteger(limit)).to.equal(true)
        expect(limit).to.be.within(1, 20)
        expect(m.flags.parseHistoryLimit(String(limit))).to.equal(limit)
      }
    }), settings)
  })

  const instant = fc.date({max: new Date('2999-12-31T23:59:59.999Z'), min: new Date('1970-01-01T00:00:00Z'), noInvalidDate: true})
  const offsetMinutes = fc.integer({max: 14 * 60, min: -12 * 60})

  it('API times and --tz: parseApiTime, formatTime and parseZone throw nothing but ValidationError on any string', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.string({maxLength: 40, unit: fc.constantFrom(...'0123456789-:T.+Z ')})), text => {
      const time = m.times.parseApiTime(text)
      if (time !== undefined) expect(time.isValid).to.equal(true)
      expect(m.time.formatTime(text)).to.be.a('string')
      onlyValidationErrors(() => m.flags.parseZone(text))
    }), settings)
  })

  it('API times: an ISO time with any offset parses back to the same instant, to the millisecond', () => {
    fc.assert(fc.property(instant, offsetMinutes, (date, offset) => {
      const text = DateTime.fromJSDate(date).setZone(FixedOffsetZone.instance(offset)).toISO()!
      expect(m.times.parseApiTime(text)?.toMillis(), text).to.equal(date.getTime())
    }), settings)
  })

  it('API times: `yyyy-MM-dd HH:mm:ss +hhmm` parses back to the same second, and formatTime prints it in UTC', () => {
    fc.assert(fc.property(instant, offsetMinutes, (date, offset) => {
      const second = DateTime.fromMillis(Math.floor(date.getTime() / 1000) * 1000, {zone: FixedOffsetZone.instance(offset)})
      const text = second.toFormat('yyyy-MM-dd HH:mm:ss ZZZ')
      expect(m.times.parseApiTime(text)?.toMillis(), text).to.equal(second.toMillis())
      expect(m.time.formatTime(text)).to.equal(second.toUTC().toFormat("yyyy-MM-dd HH:mm:ss 'UTC'"))
    }), settings)
  })
})

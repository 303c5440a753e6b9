import {expect} from 'chai'
import {DateTime, Settings} from 'luxon'

import {ValidationError} from '../../../src/lib/errors.js'
import {
  addBusinessDays,
  DAY_FORMS,
  estimateNextMaintenance,
  formatTimeOfDay,
  nextWindowStart,
  parseDayOfWeek,
  parseTimeOfDay,
  planWindowRequest,
  serviceWindowText,
  startInUtc,
  TIME_FORMS,
  windowRequest,
  windowUpdateOutcome,
} from '../../../src/lib/maintenance/window.js'
import {describeWindow, describeWindowUpdate, describeWindowUpdateOutcome, describeZoneConversion} from '../../../src/lib/present/window.js'
import {aMaintenance, aWindow} from '../../helpers/fixtures.js'

const utc = (iso: string) => DateTime.fromISO(iso, {zone: 'utc'})
/** Monday 2026-11-23 12:00 UTC: Berlin is on winter time (UTC+01:00). */
const WINTER = utc('2026-11-23T12:00:00Z')
/** Monday 2026-06-15 12:00 UTC: Berlin is on summer time (UTC+02:00). */
const SUMMER = utc('2026-06-15T12:00:00Z')

function failure(fn: () => unknown): ValidationError {
  try {
    fn()
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError)
    return error as ValidationError
  }

  throw new Error('expected a ValidationError')
}

describe('maintenance/window', () => {
  describe('parseDayOfWeek', () => {
    const accepted: Array<[string, string]> = [
      ['sunday', 'sunday'],
      ['Sunday', 'sunday'],
      ['SUNDAY', 'sunday'],
      ['Sundays', 'sunday'],
      ['sundays', 'sunday'],
      ['sun', 'sunday'],
      ['Sun', 'sunday'],
      ['SUN', 'sunday'],
      ['  monday ', 'monday'],
      ['Mon', 'monday'],
      ['tue', 'tuesday'],
      ['Tuesdays', 'tuesday'],
      ['wed', 'wednesday'],
      ['WEDNESDAY', 'wednesday'],
      ['thu', 'thursday'],
      ['thursdays', 'thursday'],
      ['fri', 'friday'],
      ['Fridays', 'friday'],
      ['sat', 'saturday'],
      ['saturday', 'saturday'],
    ]
    for (const [text, day] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${day}`, () => {
        expect(parseDayOfWeek(text)).to.equal(day)
      })
    }

    const rejected = ['funday', 'su', 'sunn', 'suns', 'tues', 'thurs', 'sun.', 'sunday,', '7', '0', 'weekend', 'sunday monday', 'dimanche']
    for (const text of rejected) {
      it(`rejects ${JSON.stringify(text)}, naming it and the accepted forms`, () => {
        expect(failure(() => parseDayOfWeek(text)).message).to.equal(`DAY ${JSON.stringify(text)} is not a day of the week: use ${DAY_FORMS}.`)
      })
    }

    for (const text of ['', '   ']) {
      it(`says an empty DAY (${JSON.stringify(text)}) is empty`, () => {
        expect(failure(() => parseDayOfWeek(text)).message).to.equal(`DAY is empty: use ${DAY_FORMS}.`)
      })
    }

    it('lists the accepted forms in the message', () => {
      expect(DAY_FORMS).to.equal('a weekday name in any case, singular or plural (Sunday, sundays, SUNDAY), or its 3-letter abbreviation (sun)')
    })
  })

  describe('parseTimeOfDay', () => {
    const accepted: Array<[string, string]> = [
      ['14:30', '14:30'],
      ['9:05', '09:05'],
      ['09:05', '09:05'],
      ['0:00', '00:00'],
      ['00:00', '00:00'],
      ['23:59', '23:59'],
      [' 14:30 ', '14:30'],
      ['2:30 PM', '14:30'],
      ['2:30pm', '14:30'],
      ['2:30 pm', '14:30'],
      ['02:30 Pm', '14:30'],
      ['2:30 AM', '02:30'],
      ['2:30am', '02:30'],
      ['12:00 AM', '00:00'],
      ['12:45 am', '00:45'],
      ['12:00 PM', '12:00'],
      ['12:30pm', '12:30'],
      ['11:59 PM', '23:59'],
      ['1:00 AM', '01:00'],
    ]
    for (const [text, time] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${time}`, () => {
        expect(formatTimeOfDay(parseTimeOfDay(text))).to.equal(time)
      })
    }

    const rejected = [
      '25:00',
      '24:00',
      '14:60',
      '9',
      '14',
      '2pm30',
      '2pm',
      '2 PM',
      '14:5',
      '14:305',
      '14.30',
      '1430',
      '14:30:00',
      '-1:30',
      '0:30 AM',
      '13:00 PM',
      '00:00 pm',
      '2:60 PM',
      '2:30 P.M.',
      '2:30 PMT',
      'noon',
      'two thirty',
      '１４:３０',
    ]
    for (const text of rejected) {
      it(`rejects ${JSON.stringify(text)}, naming it and the accepted forms`, () => {
        expect(failure(() => parseTimeOfDay(text)).message).to.equal(`TIME ${JSON.stringify(text)} is not a time of day: use ${TIME_FORMS}.`)
      })
    }

    it('says an empty TIME is empty', () => {
      expect(failure(() => parseTimeOfDay(' ')).message).to.equal(`TIME is empty: use ${TIME_FORMS}.`)
    })

    it('lists the accepted forms in the message', () => {
      expect(TIME_FORMS).to.equal('24-hour HH:MM (14:30, 9:05) or H:MM AM/PM (2:30 PM, 2:30pm, 12:00 AM)')
    })
  })

  describe('windowRequest', () => {
    it('is the API body: the weekday in lower case and a zero-padded 24-hour time', () => {
      expect(windowRequest('sunday', {hour: 9, minute: 5})).to.deep.equal({day_of_week: 'sunday', time_of_day: '09:05'})
    })

    it('composes with the parsers', () => {
      expect(windowRequest(parseDayOfWeek('SUNDAYS'), parseTimeOfDay('2:30 PM'))).to.deep.equal({day_of_week: 'sunday', time_of_day: '14:30'})
    })
  })

  describe('serviceWindowText', () => {
    it('reads like the service: plural day, start and end of the 4-hour window, UTC', () => {
      expect(serviceWindowText({day_of_week: 'sunday', time_of_day: '14:30'})).to.equal('Sundays 14:30 to 18:30 UTC')
    })

    it('wraps the end past midnight', () => {
      expect(serviceWindowText({day_of_week: 'friday', time_of_day: '22:15'})).to.equal('Fridays 22:15 to 02:15 UTC')
    })
  })

  describe('describeWindow', () => {
    it('shows the window and the next maintenance, and leaves out previous fields that are null', () => {
      expect(describeWindow(aWindow())).to.deep.equal({
        scheduled_at: '2026-11-27 18:00:00 UTC',
        window: 'Fridays 18:00 to 22:00 UTC',
      })
    })

    it('shows the previous window and time when the maintenance was moved', () => {
      expect(describeWindow(aWindow({
        previous_window: 'Mondays 20:00 to 00:00 UTC',
        previously_scheduled_at: '2026-11-23 20:00:00 +0000',
        scheduled_at: '2026-11-27T18:00:00.000+00:00',
      }))).to.deep.equal({
        previous_window: 'Mondays 20:00 to 00:00 UTC',
        previously_scheduled_at: '2026-11-23 20:00:00 UTC',
        scheduled_at: '2026-11-27 18:00:00 UTC',
        window: 'Fridays 18:00 to 22:00 UTC',
      })
    })

    it('shows - for a window or scheduled time the API does not have', () => {
      expect(describeWindow(aWindow({scheduled_at: null, window: null}))).to.deep.equal({scheduled_at: '-', window: '-'})
    })

    it('prints times in the zone it is given', () => {
      expect(describeWindow(aWindow(), 'Europe/Berlin').scheduled_at).to.equal('2026-11-27 19:00:00 GMT+1 (2026-11-27 18:00:00 UTC)')
    })
  })

  describe('describeWindowUpdate', () => {
    const sent = {day_of_week: 'sunday', time_of_day: '14:30'}

    it('shows the window before and after, and the scheduled time before and after, all from the answer', () => {
      const after = aWindow({
        previous_window: 'Fridays 18:00 to 22:00 UTC',
        previously_scheduled_at: '2026-11-27T18:00:00.000+00:00',
        scheduled_at: '2026-11-29T14:30:00.000+00:00',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
      expect(describeWindowUpdate(after, sent)).to.deep.equal({
        previous_window: 'Fridays 18:00 to 22:00 UTC',
        previously_scheduled_at: '2026-11-27 18:00:00 UTC',
        scheduled_at: '2026-11-29 14:30:00 UTC',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
    })

    it('leaves out the scheduled times when the answer has none', () => {
      const after = aWindow({previous_window: 'Fridays 18:00 to 22:00 UTC', scheduled_at: null, window: 'Sundays 14:30 to 18:30 UTC'})
      expect(describeWindowUpdate(after, sent)).to.deep.equal({
        previous_window: 'Fridays 18:00 to 22:00 UTC',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
    })

    it('shows - for a previous window or time that did not exist, and what was asked when the answer has no window', () => {
      const after = aWindow({previous_window: null, previously_scheduled_at: null, scheduled_at: '2026-11-29T14:30:00.000+00:00', window: null})
      expect(describeWindowUpdate(after, sent)).to.deep.equal({
        previous_window: '-',
        previously_scheduled_at: '-',
        scheduled_at: '2026-11-29 14:30:00 UTC',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
    })
  })

  describe('startInUtc', () => {
    it('converts with the winter offset, shifting the day back: monday 00:30 Europe/Berlin is sunday 23:30 UTC', () => {
      const conversion = startInUtc({day: 'monday', time: {hour: 0, minute: 30}}, 'Europe/Berlin', WINTER)

      expect(conversion.utc).to.deep.equal({day: 'sunday', time: {hour: 23, minute: 30}})
      expect(conversion.dayShift).to.equal(-1)
      expect(conversion.offset).to.equal('+01:00')
      expect(conversion.occurrence.toISO()).to.equal('2026-11-30T00:30:00.000+01:00')
      expect(conversion.otherSeason).to.deep.equal({local: {day: 'monday', time: {hour: 1, minute: 30}}, offset: '+02:00'})
      expect(conversion.skipped).to.equal(undefined)
    })

    it('converts with the summer offset in summer', () => {
      const conversion = startInUtc({day: 'sunday', time: {hour: 14, minute: 30}}, 'Europe/Berlin', SUMMER)

      expect(conversion.utc).to.deep.equal({day: 'sunday', time: {hour: 12, minute: 30}})
      expect(conversion.dayShift).to.equal(0)
      expect(conversion.offset).to.equal('+02:00')
      expect(conversion.otherSeason?.offset).to.equal('+01:00')
    })

    it('shifts the day forward west of UTC: sunday 22:00 America/New_York is monday 03:00 UTC', () => {
      const conversion = startInUtc({day: 'sunday', time: {hour: 22, minute: 0}}, 'America/New_York', WINTER)

      expect(conversion.utc).to.deep.equal({day: 'monday', time: {hour: 3, minute: 0}})
      expect(conversion.dayShift).to.equal(1)
      expect(conversion.offset).to.equal('-05:00')
    })

    it('handles half-hour offsets and zones without summer time', () => {
      const conversion = startInUtc({day: 'tuesday', time: {hour: 2, minute: 0}}, 'Asia/Kolkata', WINTER)

      expect(conversion.utc).to.deep.equal({day: 'monday', time: {hour: 20, minute: 30}})
      expect(conversion.offset).to.equal('+05:30')
      expect(conversion.otherSeason).to.equal(undefined)
    })

    it('uses the offset of the next occurrence: after the clocks change, not before', () => {
      // Friday 2026-10-23: Berlin is still on summer time, but the next Sunday 14:30 (2026-10-25) is on winter time.
      const conversion = startInUtc({day: 'sunday', time: {hour: 14, minute: 30}}, 'Europe/Berlin', utc('2026-10-23T12:00:00Z'))

      expect(conversion.occurrence.toISODate()).to.equal('2026-10-25')
      expect(conversion.offset).to.equal('+01:00')
      expect(conversion.utc.time).to.deep.equal({hour: 13, minute: 30})
    })

    it('counts an occurrence later today, and one that has just begun, but not one that has passed', () => {
      const later = startInUtc({day: 'monday', time: {hour: 14, minute: 0}}, 'Europe/Berlin', WINTER)
      const now = startInUtc({day: 'monday', time: {hour: 13, minute: 0}}, 'Europe/Berlin', WINTER)
      const passed = startInUtc({day: 'monday', time: {hour: 12, minute: 0}}, 'Europe/Berlin', WINTER)

      expect(later.occurrence.toISO()).to.equal('2026-11-23T14:00:00.000+01:00')
      expect(now.occurrence.toISO()).to.equal('2026-11-23T13:00:00.000+01:00')
      expect(passed.occurrence.toISO()).to.equal('2026-11-30T12:00:00.000+01:00')
    })

    it('passes over an occurrence the clocks skip, for the one a week later', () => {
      // 02:30 does not exist in Berlin on Sunday 2027-03-28 (02:00 → 03:00).
      const conversion = startInUtc({day: 'sunday', time: {hour: 2, minute: 30}}, 'Europe/Berlin', utc('2027-03-26T12:00:00Z'))

      expect(conversion.skipped?.toISODate()).to.equal('2027-03-28')
      expect(conversion.occurrence.toISO()).to.equal('2027-04-04T02:30:00.000+02:00')
      expect(conversion.utc).to.deep.equal({day: 'sunday', time: {hour: 0, minute: 30}})
    })

    it('does not depend on the machine\'s time zone', () => {
      const saved = Settings.defaultZone
      try {
        Settings.defaultZone = 'Pacific/Kiritimati'
        const conversion = startInUtc({day: 'monday', time: {hour: 0, minute: 30}}, 'Europe/Berlin', DateTime.fromISO('2026-11-23T12:00:00Z'))
        expect(conversion.utc).to.deep.equal({day: 'sunday', time: {hour: 23, minute: 30}})
        expect(planWindowRequest({day: 'sunday', now: DateTime.now(), time: {hour: 14, minute: 30}}).request).to.deep.equal({day_of_week: 'sunday', time_of_day: '14:30'})
      } finally {
        Settings.defaultZone = saved
      }
    })
  })

  describe('planWindowRequest', () => {
    it('takes DAY TIME as UTC without a zone', () => {
      expect(planWindowRequest({day: 'sunday', now: WINTER, time: {hour: 14, minute: 30}})).to.deep.equal({
        request: {day_of_week: 'sunday', time_of_day: '14:30'},
        start: {day: 'sunday', time: {hour: 14, minute: 30}},
      })
    })

    it('converts DAY TIME from the zone into the UTC body', () => {
      const planned = planWindowRequest({day: 'monday', now: WINTER, time: {hour: 0, minute: 30}, zone: 'Europe/Berlin'})

      expect(planned.request).to.deep.equal({day_of_week: 'sunday', time_of_day: '23:30'})
      expect(planned.start).to.deep.equal({day: 'sunday', time: {hour: 23, minute: 30}})
      expect(planned.conversion?.zone).to.equal('Europe/Berlin')
    })
  })

  describe('describeZoneConversion', () => {
    it('says nothing without a zone', () => {
      expect(describeZoneConversion()).to.deep.equal([])
    })

    it('names the offset used, the day shift and the local start in the other season', () => {
      expect(describeZoneConversion(startInUtc({day: 'monday', time: {hour: 0, minute: 30}}, 'Europe/Berlin', WINTER))).to.deep.equal([
        'Monday 00:30 in Europe/Berlin is Sunday 23:30 UTC (UTC+01:00, the offset of its next occurrence there, 2026-11-30).',
        'The day shifts: in UTC the window starts on Sunday, the day before Monday.',
        'The service keeps the window in UTC: while Europe/Berlin is at UTC+02:00, it starts Monday 01:30 local time.',
      ])
    })

    it('says when the day moves forward, and nothing about seasons for a zone without them', () => {
      expect(describeZoneConversion(startInUtc({day: 'sunday', time: {hour: 22, minute: 0}}, 'Asia/Tokyo', WINTER))).to.deep.equal([
        'Sunday 22:00 in Asia/Tokyo is Sunday 13:00 UTC (UTC+09:00, the offset of its next occurrence there, 2026-11-29).',
      ])
      expect(describeZoneConversion(startInUtc({day: 'sunday', time: {hour: 22, minute: 0}}, 'America/New_York', WINTER))[1])
      .to.equal('The day shifts: in UTC the window starts on Monday, the day after Sunday.')
    })

    it('says when an occurrence the clocks skip was passed over', () => {
      expect(describeZoneConversion(startInUtc({day: 'sunday', time: {hour: 2, minute: 30}}, 'Europe/Berlin', utc('2027-03-26T12:00:00Z')))[1])
      .to.equal('02:30 does not exist in Europe/Berlin on 2027-03-28 (the clocks skip it), so the occurrence a week later was used.')
    })
  })

  describe('nextWindowStart', () => {
    const sunday = {day: 'sunday', time: {hour: 14, minute: 30}} as const

    it('is the next start on or after the time given, in UTC', () => {
      expect(nextWindowStart(sunday, WINTER).toISO()).to.equal('2026-11-29T14:30:00.000Z')
      expect(nextWindowStart(sunday, utc('2026-11-29T14:30:00Z')).toISO()).to.equal('2026-11-29T14:30:00.000Z')
      expect(nextWindowStart(sunday, utc('2026-11-29T14:31:00Z')).toISO()).to.equal('2026-12-06T14:30:00.000Z')
    })
  })

  describe('addBusinessDays', () => {
    it('skips Saturdays and Sundays', () => {
      expect(addBusinessDays(utc('2026-11-26T12:00:00Z'), 3).toISO()).to.equal('2026-12-01T12:00:00.000Z')
      expect(addBusinessDays(utc('2026-11-23T12:00:00Z'), 3).toISO()).to.equal('2026-11-26T12:00:00.000Z')
    })
  })

  describe('estimateNextMaintenance', () => {
    const sunday = {day: 'sunday', time: {hour: 14, minute: 30}} as const

    it('is the first window start at least 3 business days away', () => {
      expect(estimateNextMaintenance(aMaintenance({required_by: '2026-12-31T00:00:00Z', status: 'ready'}), sunday, WINTER)?.toISO()).to.equal('2026-11-29T14:30:00.000Z')
      // Thursday: three business days later is Tuesday, so not the coming Sunday.
      expect(estimateNextMaintenance(aMaintenance({required_by: '2026-12-31T00:00:00Z', status: 'pending'}), sunday, utc('2026-11-26T12:00:00Z'))?.toISO())
      .to.equal('2026-12-06T14:30:00.000Z')
    })

    it('cannot tell when that is after required_by, nor when nothing is scheduled', () => {
      expect(estimateNextMaintenance(aMaintenance({required_by: '2026-11-28T00:00:00Z', status: 'ready'}), sunday, WINTER)).to.equal(undefined)
      expect(estimateNextMaintenance(aMaintenance({status: 'none'}), sunday, WINTER)).to.equal(undefined)
      expect(estimateNextMaintenance(aMaintenance({status: 'running'}), sunday, WINTER)).to.equal(undefined)
    })
  })

  describe('windowUpdateOutcome', () => {
    it('is what would be sent, the window it makes, and when things would happen', () => {
      const planned = planWindowRequest({day: 'monday', now: WINTER, time: {hour: 0, minute: 30}, zone: 'Europe/Berlin'})
      const outcome = windowUpdateOutcome({before: aWindow(), current: aMaintenance({required_by: '2026-12-31T00:00:00Z', status: 'ready'}), now: WINTER, planned})

      expect(outcome).to.deep.equal({
        converted_from: {day_of_week: 'monday', day_shift: -1, time_of_day: '00:30', utc_offset: '+01:00', zone: 'Europe/Berlin'},
        next_maintenance_estimate: '2026-11-29T23:30:00.000Z',
        next_window_start: '2026-11-29T23:30:00.000Z',
        previous_window: 'Fridays 18:00 to 22:00 UTC',
        request: {day_of_week: 'sunday', time_of_day: '23:30'},
        window: 'Sundays 23:30 to 03:30 UTC',
      })
      expect(describeWindowUpdateOutcome(outcome, 'ready')).to.deep.equal({
        next_maintenance: '2026-11-29 23:30:00 UTC (estimate: the new window\'s first start at least 3 business days from now)',
        next_window_start: '2026-11-29 23:30:00 UTC',
        previous_window: 'Fridays 18:00 to 22:00 UTC',
        window: 'Sundays 23:30 to 03:30 UTC',
      })
    })

    it('has no conversion without a zone, and says why there is no estimate', () => {
      const planned = planWindowRequest({day: 'sunday', now: WINTER, time: {hour: 14, minute: 30}})
      const none = windowUpdateOutcome({before: aWindow({window: null}), current: aMaintenance({status: 'none'}), now: WINTER, planned})
      const late = windowUpdateOutcome({before: aWindow(), current: aMaintenance({required_by: '2026-11-28T00:00:00Z', status: 'ready'}), now: WINTER, planned})

      expect(none.converted_from).to.equal(null)
      expect(none.next_maintenance_estimate).to.equal(null)
      expect(describeWindowUpdateOutcome(none, 'none').next_maintenance).to.equal('none scheduled (status none): the next one will be scheduled into the new window')
      expect(describeWindowUpdateOutcome(none, 'none').previous_window).to.equal('-')
      expect(describeWindowUpdateOutcome(late, 'ready').next_maintenance)
      .to.equal('not known: the new window\'s first start with 3 business days\' notice is after required_by, so the service picks the time')
    })
  })
})


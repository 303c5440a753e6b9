import {expect} from 'chai'

import {ValidationError} from '../../../src/lib/errors.js'
import {
  DAY_FORMS,
  describeWindow,
  describeWindowRequest,
  describeWindowUpdate,
  formatTimeOfDay,
  parseDayOfWeek,
  parseTimeOfDay,
  TIME_FORMS,
  windowRequest,
} from '../../../src/lib/maintenance/window.js'
import {aWindow} from '../../helpers/fixtures.js'

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

  describe('describeWindowRequest', () => {
    it('reads like the service: plural day, start and end of the 4-hour window, UTC', () => {
      expect(describeWindowRequest({day_of_week: 'sunday', time_of_day: '14:30'})).to.equal('Sundays 14:30 to 18:30 UTC')
    })

    it('wraps the end past midnight', () => {
      expect(describeWindowRequest({day_of_week: 'friday', time_of_day: '22:15'})).to.equal('Fridays 22:15 to 02:15 UTC')
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

    it('shows the window before and after, and the scheduled time before and after', () => {
      const before = aWindow()
      const after = aWindow({
        previous_window: 'Fridays 18:00 to 22:00 UTC',
        previously_scheduled_at: '2026-11-27T18:00:00.000+00:00',
        scheduled_at: '2026-11-29T14:30:00.000+00:00',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
      expect(describeWindowUpdate(before, after, sent)).to.deep.equal({
        previous_window: 'Fridays 18:00 to 22:00 UTC',
        previously_scheduled_at: '2026-11-27 18:00:00 UTC',
        scheduled_at: '2026-11-29 14:30:00 UTC',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
    })

    it('leaves out the scheduled times when the answer has none', () => {
      const after = aWindow({scheduled_at: null, window: 'Sundays 14:30 to 18:30 UTC'})
      expect(describeWindowUpdate(aWindow(), after, sent)).to.deep.equal({
        previous_window: 'Fridays 18:00 to 22:00 UTC',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
    })

    it('shows - for a previous window or time that did not exist, and what was asked when the answer has no window', () => {
      const before = aWindow({scheduled_at: null, window: null})
      const after = aWindow({scheduled_at: '2026-11-29T14:30:00.000+00:00', window: null})
      expect(describeWindowUpdate(before, after, sent)).to.deep.equal({
        previous_window: '-',
        previously_scheduled_at: '-',
        scheduled_at: '2026-11-29 14:30:00 UTC',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
    })
  })
})

import {expect} from 'chai'
import {DateTime} from 'luxon'

import type {Maintenance} from '../../../src/lib/maintenance/types.js'

import {ValidationError} from '../../../src/lib/errors.js'
import {parseWeeks, parseWeekTarget, requestedMove} from '../../../src/lib/flags.js'
import {
  MAX_DELAY_WEEKS,
  planReschedule,
  rescheduledTime,
  rescheduleOutcome,
  type ScheduleRequest,
  weeksBetween,
} from '../../../src/lib/maintenance/schedule.js'
import {describeReschedule, describeRescheduleOutcome} from '../../../src/lib/present/schedule.js'
import {aMaintenance} from '../../helpers/fixtures.js'

const utc = (iso: string) => DateTime.fromISO(iso, {zone: 'utc'})

function failure(fn: () => unknown): ValidationError {
  try {
    fn()
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError)
    return error as ValidationError
  }

  throw new Error('expected a ValidationError')
}

function refusal(maintenance: Maintenance, request: ScheduleRequest): string {
  return failure(() => planReschedule(maintenance, request)).message
}

const WEEKS_RANGE = 'give a whole number of weeks from -12 to 12 other than 0 (negative moves it earlier).'

describe('maintenance/schedule', () => {
  describe('parseWeeks', () => {
    const accepted: Array<[string, number]> = [
      ['1', 1], ['2', 2], ['12', 12], ['-1', -1], ['-12', -12], ['+3', 3], [' 4 ', 4], ['03', 3],
    ]
    for (const [text, weeks] of accepted) {
      it(`accepts ${JSON.stringify(text)} as ${weeks}`, () => {
        expect(parseWeeks(text)).to.equal(weeks)
      })
    }

    const rejected = ['abc', '0', '-0', '+0', '13', '-13', '999', '1.5', '1e1', '0x2', '2w', '', ' ', '--1', 'Infinity', '1 2']
    for (const text of rejected) {
      it(`rejects ${JSON.stringify(text)}, naming it and the valid range`, () => {
        expect(failure(() => parseWeeks(text)).message).to.equal(`--weeks ${JSON.stringify(text)} is not valid: ${WEEKS_RANGE}`)
      })
    }

    it('is bounded by MAX_DELAY_WEEKS', () => {
      expect(MAX_DELAY_WEEKS).to.equal(12)
    })
  })

  describe('parseWeekTarget', () => {
    const accepted: Array<[string, string]> = [
      ['2026-12-07', '2026-12-07'], // a Monday
      ['2026-12-13', '2026-12-07'], // the Sunday of the same ISO week
      ['2026-12-06', '2026-11-30'], // a Sunday belongs to the week before
      ['2026-W50', '2026-12-07'],
      ['2026-w50', '2026-12-07'],
      [' 2026-W50 ', '2026-12-07'],
      ['2026-W01', '2025-12-29'], // ISO week 1 of 2026 starts in 2025
      ['2026-W53', '2026-12-28'], // 2026 has 53 ISO weeks
      ['2027-01-01', '2026-12-28'], // a Friday in 2026-W53
      ['2027-01-03', '2026-12-28'], // the Sunday that ends 2026-W53
      ['2027-01-04', '2027-01-04'],
      ['2027-W01', '2027-01-04'],
      ['2028-02-29', '2028-02-28'], // leap day
    ]
    for (const [text, monday] of accepted) {
      it(`accepts ${JSON.stringify(text)} as the week starting ${monday}`, () => {
        const target = parseWeekTarget(text)
        expect(target.weekStart.toISO()).to.equal(`${monday}T00:00:00.000Z`)
        expect(target.text).to.equal(text.trim())
      })
    }

    const notDates: Array<[string, string]> = [
      ['2026-13-40', 'it is not a calendar date; give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2026-02-29', 'it is not a calendar date; give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2026-00-10', 'it is not a calendar date; give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2027-W53', '2027 has ISO weeks W01 to W52'],
      ['2026-W54', '2026 has ISO weeks W01 to W53'],
      ['2026-W00', '2026 has ISO weeks W01 to W53'],
      ['next week', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2026-W5', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2026-W50-1', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2026-12-7', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2026-12-07T10:00', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2026-341', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['2026-12', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['12/07/2026', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
      ['', 'give an ISO date (2026-12-07) or an ISO week (2026-W50)'],
    ]
    for (const [text, reason] of notDates) {
      it(`rejects ${JSON.stringify(text)}: ${reason}`, () => {
        expect(failure(() => parseWeekTarget(text)).message).to.equal(`--week ${JSON.stringify(text)} is not valid: ${reason}.`)
      })
    }
  })

  describe('weeksBetween', () => {
    const cases: Array<[string, string, number]> = [
      ['2026-11-27T18:00:00Z', '2026-11-23T00:00:00Z', 0], // same ISO week, earlier day
      ['2026-11-27T18:00:00Z', '2026-11-29T23:59:59Z', 0], // same ISO week, its Sunday
      ['2026-11-27T18:00:00Z', '2026-11-30T00:00:00Z', 1], // the next Monday is the next week
      ['2026-11-27T18:00:00Z', '2026-12-07T00:00:00Z', 2],
      ['2026-11-27T18:00:00Z', '2026-11-16T00:00:00Z', -1],
      ['2026-11-27T18:00:00Z', '2026-08-31T00:00:00Z', -12],
      ['2026-11-27T18:00:00Z', '2026-08-24T00:00:00Z', -13],
      ['2026-12-25T18:00:00Z', '2027-01-01T00:00:00Z', 1], // into 2026-W53
      ['2026-12-25T18:00:00Z', '2027-01-04T00:00:00Z', 2], // over the year boundary to 2027-W01
      ['2027-01-02T10:00:00Z', '2026-12-28T00:00:00Z', 0], // 2027-01-02 is still in 2026-W53
      ['2027-01-05T10:00:00Z', '2026-12-21T00:00:00Z', -2],
      ['2026-03-27T18:00:00Z', '2026-04-03T00:00:00Z', 1], // across Europe's DST change: UTC is unaffected
    ]
    for (const [scheduled, target, weeks] of cases) {
      it(`${scheduled} → week of ${target}: ${weeks}`, () => {
        expect(weeksBetween(utc(scheduled), utc(target))).to.equal(weeks)
      })
    }

    it('counts weeks in UTC whatever the zone of the times', () => {
      // Sunday 23:30 in New York is Monday 04:30 UTC: the next ISO week.
      const scheduled = DateTime.fromISO('2026-11-29T23:30:00-05:00', {setZone: true})
      expect(weeksBetween(scheduled, utc('2026-11-30T00:00:00Z'))).to.equal(0)
      expect(weeksBetween(scheduled, utc('2026-11-23T00:00:00Z'))).to.equal(-1)
    })
  })

  describe('rescheduledTime', () => {
    const scheduledFor = utc('2026-11-27T18:00:00Z')

    it('moves by whole weeks', () => {
      const moved = rescheduledTime({delayWeeks: 2, origin: '--weeks 2', requiredBy: utc('2026-12-31T00:00:00Z'), scheduledFor})
      expect(moved.toISO()).to.equal('2026-12-11T18:00:00.000Z')
    })

    it('moves earlier with a negative delay', () => {
      expect(rescheduledTime({delayWeeks: -1, origin: '--weeks -1', requiredBy: utc('2026-12-03T00:00:00Z'), scheduledFor}).toISO()).to.equal('2026-11-20T18:00:00.000Z')
    })

    it('accepts a new time exactly at required_by', () => {
      expect(rescheduledTime({delayWeeks: 1, origin: '--weeks 1', requiredBy: utc('2026-12-04T18:00:00Z'), scheduledFor}).toISO()).to.equal('2026-12-04T18:00:00.000Z')
    })

    it('has no limit without required_by', () => {
      expect(rescheduledTime({delayWeeks: 12, origin: '--weeks 12', scheduledFor}).toISO()).to.equal('2027-02-19T18:00:00.000Z')
    })

    it('refuses a new time after required_by and says how far it can move', () => {
      const error = failure(() => rescheduledTime({delayWeeks: 3, origin: '--weeks 3', requiredBy: utc('2026-12-12T08:00:00Z'), scheduledFor}))
      expect(error.message).to.equal('--weeks 3 would move the maintenance to 2026-12-18 18:00:00 UTC, after it is required by 2026-12-12 08:00:00 UTC: it can move at most 2 weeks later.')
    })

    it('says "1 week" in the singular', () => {
      const error = failure(() => rescheduledTime({delayWeeks: 2, origin: '--weeks 2', requiredBy: utc('2026-12-05T00:00:00Z'), scheduledFor}))
      expect(error.message).to.equal('--weeks 2 would move the maintenance to 2026-12-11 18:00:00 UTC, after it is required by 2026-12-05 00:00:00 UTC: it can move at most 1 week later.')
    })

    it('says when it cannot move later at all', () => {
      const error = failure(() => rescheduledTime({delayWeeks: 1, origin: '--week 2026-W49', requiredBy: utc('2026-12-03T08:54:02Z'), scheduledFor}))
      expect(error.message).to.equal('--week 2026-W49 would move the maintenance to 2026-12-04 18:00:00 UTC, after it is required by 2026-12-03 08:54:02 UTC: it cannot move later.')
    })
  })

  describe('requestedMove (the --weeks / --week rule of schedule)', () => {
    it('takes --weeks', () => {
      expect(requestedMove({weeks: -2})).to.deep.equal({weeks: -2})
    })

    it('takes --week', () => {
      const request = requestedMove({week: parseWeekTarget('2026-W50')})
      expect('week' in request && request.week.weekStart.toISO()).to.equal('2026-12-07T00:00:00.000Z')
    })

    it('refuses neither', () => {
      expect(failure(() => requestedMove({})).message).to.equal('Say where to move the maintenance: --weeks N (-12 to 12, not 0; negative moves it earlier) or --week DATE (2026-12-07 or 2026-W50).')
    })

    it('refuses both, naming both values', () => {
      expect(failure(() => requestedMove({week: parseWeekTarget('2026-W50'), weeks: 2})).message).to.equal('--weeks "2" and --week "2026-W50" were both given: use one of them.')
    })

    it('the flags validate the value they take', () => {
      expect(failure(() => parseWeeks('')).message).to.equal(`--weeks "" is not valid: ${WEEKS_RANGE}`)
      expect(failure(() => parseWeekTarget('next week')).message).to.match(/^--week "next week" is not valid/)
    })
  })

  describe('planReschedule', () => {
    const maintenance = aMaintenance({required_by: '2026-12-31T08:54:02.518+00:00', scheduled_for: '2026-11-27T18:00:00.000+00:00'})

    it('sends --weeks as it is and computes the new time', () => {
      const plan = planReschedule(maintenance, {weeks: 2})
      expect(plan.delayWeeks).to.equal(2)
      expect(plan.from.toUTC().toISO()).to.equal('2026-11-27T18:00:00.000Z')
      expect(plan.to.toUTC().toISO()).to.equal('2026-12-11T18:00:00.000Z')
    })

    it('turns --week into the weeks between the scheduled week and that week', () => {
      const plan = planReschedule(maintenance, {week: parseWeekTarget('2026-W50')})
      expect(plan.delayWeeks).to.equal(2)
      expect(plan.to.toUTC().toISO()).to.equal('2026-12-11T18:00:00.000Z')
    })

    it('moves earlier to a week before', () => {
      expect(planReschedule(maintenance, {week: parseWeekTarget('2026-11-17')}).delayWeeks).to.equal(-1)
    })

    it('reads the scheduled time in the API\'s other time format', () => {
      const spaced = aMaintenance({required_by: '2027-01-30 00:00:00 +0000', scheduled_for: '2026-12-25 18:00:00 +0000'})
      expect(planReschedule(spaced, {week: parseWeekTarget('2027-W01')}).delayWeeks).to.equal(2)
    })

    it('refuses a --week in the week already scheduled', () => {
      const expected = '--week 2026-11-23 is the week the maintenance is already scheduled in (2026-11-27 18:00:00 UTC): choose another week.'
      expect(refusal(maintenance, {week: parseWeekTarget('2026-11-23')})).to.equal(expected)
    })

    it('refuses a --week more than 12 weeks later', () => {
      const unbounded = aMaintenance({required_by: null, scheduled_for: '2026-11-27T18:00:00.000+00:00'})
      const expected = '--week 2027-W08 is 13 weeks after the scheduled 2026-11-27 18:00:00 UTC: maintenance moves at most 12 weeks either way.'
      expect(refusal(unbounded, {week: parseWeekTarget('2027-W08')})).to.equal(expected)
    })

    it('refuses a --week more than 12 weeks earlier', () => {
      const expected = '--week 2026-08-24 is 13 weeks before the scheduled 2026-11-27 18:00:00 UTC: maintenance moves at most 12 weeks either way.'
      expect(refusal(maintenance, {week: parseWeekTarget('2026-08-24')})).to.equal(expected)
    })

    it('refuses a --week whose new time is past required_by', () => {
      const required = aMaintenance({required_by: '2026-12-03T08:54:02.518+00:00', scheduled_for: '2026-11-27T18:00:00.000+00:00'})
      const expected = '--week 2026-12-02 would move the maintenance to 2026-12-04 18:00:00 UTC, after it is required by 2026-12-03 08:54:02 UTC: it cannot move later.'
      expect(refusal(required, {week: parseWeekTarget('2026-12-02')})).to.equal(expected)
    })

    it('refuses --weeks whose new time is past required_by', () => {
      const required = aMaintenance({required_by: '2026-12-03T08:54:02.518+00:00', scheduled_for: '2026-11-27T18:00:00.000+00:00'})
      expect(refusal(required, {weeks: 1})).to.match(/^--weeks 1 would move the maintenance to 2026-12-04 18:00:00 UTC/)
    })

    for (const status of ['running', 'completed']) {
      it(`refuses a maintenance that is ${status}, as the service does, though it still has a scheduled time`, () => {
        const started = aMaintenance({required_by: '2026-12-31T08:54:02.518+00:00', scheduled_for: '2026-11-27T18:00:00.000+00:00', started_at: '2026-11-23T12:00:00.000+00:00', status})
        const expected = `redis-lively-12345's maintenance is ${status}: only one that has not started can be moved, so nothing was sent.`
        expect(refusal(started, {weeks: 1})).to.equal(expected)
        expect(refusal(started, {week: parseWeekTarget('2026-W50')})).to.equal(expected)
      })
    }

    it('refuses --week when nothing is scheduled', () => {
      const none = aMaintenance({scheduled_for: null, status: 'none'})
      const expected = '--week counts weeks from the scheduled time, but redis-lively-12345 has no scheduled maintenance (status none): there is nothing to move.'
      expect(refusal(none, {week: parseWeekTarget('2026-W50')})).to.equal(expected)
    })

    it('refuses --weeks when nothing is scheduled', () => {
      const none = aMaintenance({scheduled_for: null, status: 'none'})
      expect(refusal(none, {weeks: 1})).to.equal('redis-lively-12345 has no scheduled maintenance (status none): there is nothing to move.')
    })

    it('refuses a scheduled time it cannot read', () => {
      const odd = aMaintenance({scheduled_for: 'soon'})
      expect(refusal(odd, {weeks: 1})).to.equal('redis-lively-12345 has an unreadable scheduled time "soon" (status ready): there is nothing to move.')
    })
  })

  describe('describeReschedule', () => {
    it('shows what was sent and the scheduled time before and after', () => {
      const before = aMaintenance({scheduled_for: '2026-11-27T18:00:00.000+00:00'})
      const after = aMaintenance({previously_scheduled_for: '2026-11-27T18:00:00.000+00:00', scheduled_for: '2026-12-11 18:00:00 +0000'})
      expect(describeReschedule(before, after, 2)).to.deep.equal({
        delay_weeks: '2',
        previously_scheduled_for: '2026-11-27 18:00:00 UTC',
        scheduled_for: '2026-12-11 18:00:00 UTC',
      })
    })

    it('shows - for a time the answer does not have', () => {
      expect(describeReschedule(aMaintenance(), aMaintenance({scheduled_for: null}), -1).scheduled_for).to.equal('-')
    })
  })

  describe('rescheduleOutcome', () => {
    it('is the delay to send and the scheduled time before and after, in UTC ISO form', () => {
      const plan = planReschedule(aMaintenance({required_by: '2026-12-31T08:54:02.518+00:00', scheduled_for: '2026-11-27 18:00:00 +0000'}), {weeks: 2})
      const outcome = rescheduleOutcome(plan)

      expect(outcome).to.deep.equal({delay_weeks: 2, previously_scheduled_for: '2026-11-27T18:00:00.000Z', scheduled_for: '2026-12-11T18:00:00.000Z'})
      expect(describeRescheduleOutcome(outcome)).to.deep.equal({
        delay_weeks: '2',
        previously_scheduled_for: '2026-11-27 18:00:00 UTC',
        scheduled_for: '2026-12-11 18:00:00 UTC',
      })
    })
  })
})

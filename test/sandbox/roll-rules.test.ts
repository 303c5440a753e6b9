import {expect} from 'chai'
import {formatInstant, instant} from 'heroku-data-maintenance-sandbox/clock'
import {
  candidateStarts,
  earliestStart,
  isHighAvailability,
  isInWindow,
  isOnCall,
  nextOnCall,
  type OnCallHours,
  parseOnCall,
} from 'heroku-data-maintenance-sandbox/roll-rules'
import {addBusinessDays} from 'heroku-data-maintenance-sandbox/rules'

const LOS_ANGELES: OnCallHours = {zone: 'America/Los_Angeles', startMinute: 9 * 60, endMinute: 17 * 60}
const MONDAY_18 = {weekday: 1, startMinute: 18 * 60}
const iso = (ms: number) => formatInstant(instant(new Date(ms).toISOString()))

describe('sandbox roll rules', () => {
  it('tells plans with a standby from hobby, mini and essential ones', () => {
    expect(['premium-0', 'standard-0', 'private-7', 'shield-3'].map(plan => isHighAvailability(plan))).to.deep.equal([true, true, true, true])
    expect(['mini', 'hobby-dev', 'hobby-basic', 'essential-0'].map(plan => isHighAvailability(plan))).to.deep.equal([false, false, false, false])
  })

  it('reads on-call hours and says in one line what is wrong', () => {
    expect(parseOnCall({zone: 'Europe/Paris', start: '08:30', end: '16:00'})).to.deep.equal({zone: 'Europe/Paris', startMinute: 510, endMinute: 960})
    expect(parseOnCall('9-5')).to.match(/^on_call must be an object/)
    expect(parseOnCall({zone: 'Mars/Olympus', start: '09:00', end: '17:00'})).to.equal('on_call.zone must be an IANA time zone such as America/Los_Angeles, not "Mars/Olympus".')
    expect(parseOnCall({zone: 'UTC', start: '9am', end: '17:00'})).to.equal('on_call.start must be a time such as 09:00, not "9am".')
    expect(parseOnCall({zone: 'UTC', start: '09:00', end: '24:00'})).to.equal('on_call.end must be a time such as 17:00, not "24:00".')
    expect(parseOnCall({zone: 'UTC', start: '17:00', end: '09:00'})).to.equal('on_call.end (09:00) must be after on_call.start (17:00) on the same day.')
  })

  it('keeps the operator\'s hours in their own zone, summer time included, on weekdays only', () => {
    // 09:00 in Los Angeles is 17:00 UTC in November (PST) and 16:00 UTC in July (PDT).
    expect(isOnCall(LOS_ANGELES, instant('2026-11-23T16:59:00Z'))).to.equal(false)
    expect(isOnCall(LOS_ANGELES, instant('2026-11-23T17:00:00Z'))).to.equal(true)
    expect(isOnCall(LOS_ANGELES, instant('2026-07-13T16:00:00Z'))).to.equal(true)
    expect(isOnCall(LOS_ANGELES, instant('2026-11-24T00:59:00Z'))).to.equal(true)
    expect(isOnCall(LOS_ANGELES, instant('2026-11-24T01:00:00Z'))).to.equal(false)
    // Saturday noon in Los Angeles.
    expect(isOnCall(LOS_ANGELES, instant('2026-11-28T20:00:00Z'))).to.equal(false)
    // From Friday evening, the next shift is Monday morning.
    expect(formatInstant(nextOnCall(LOS_ANGELES, instant('2026-11-28T02:00:00Z'), instant('2026-12-31T00:00:00Z'))!)).to.equal('2026-11-30T17:00:00.000+00:00')
    expect(nextOnCall(LOS_ANGELES, instant('2026-11-28T02:00:00Z'), instant('2026-11-29T00:00:00Z'))).to.equal(null)
  })

  it('knows when a weekly window is open', () => {
    expect(isInWindow(MONDAY_18, instant('2026-11-23T17:59:00Z'))).to.equal(false)
    expect(isInWindow(MONDAY_18, instant('2026-11-23T18:00:00Z'))).to.equal(true)
    expect(isInWindow(MONDAY_18, instant('2026-11-23T21:59:00Z'))).to.equal(true)
    expect(isInWindow(MONDAY_18, instant('2026-11-23T22:00:00Z'))).to.equal(false)
    expect(isInWindow(null, instant('2026-11-23T03:00:00Z'))).to.equal(true)
  })

  it('offers starts only in a window that opens at least 3 business days on, inside on-call hours, never after required_by', () => {
    const now = instant('2026-11-23T12:00:00Z')
    const starts = candidateStarts(MONDAY_18, LOS_ANGELES, now, instant('2026-12-08T00:00:00Z'))
    // Monday 23 is too soon (notice runs to Thursday 26): the windows of Monday 30 November and 7 December, 18:00–22:00 UTC, all on call.
    expect(iso(starts[0])).to.equal('2026-11-30T18:00:00.000+00:00')
    expect(starts.every(start => isOnCall(LOS_ANGELES, instant(new Date(start).toISOString())) && isInWindow(MONDAY_18, instant(new Date(start).toISOString())))).to.equal(true)
    expect(starts.every(start => start >= addBusinessDays(now, 3).toMillis())).to.equal(true)
    expect(starts).to.have.length(2 * 48)
    expect(iso(starts.at(-1)!)).to.equal('2026-12-07T21:55:00.000+00:00')
    expect(candidateStarts(MONDAY_18, LOS_ANGELES, now, instant('2026-11-30T12:00:00Z'))).to.deep.equal([])
    // A window that ends before the operator comes in (Monday 02:00–06:00 UTC is Sunday evening in Los Angeles) offers nothing.
    expect(candidateStarts({weekday: 1, startMinute: 2 * 60}, LOS_ANGELES, now, instant('2026-12-31T00:00:00Z'))).to.deep.equal([])
  })

  it('narrows an earlier notice\'s candidates to a later one\'s by its earliest start, across a weekend', () => {
    const required = instant('2026-12-24T00:00:00Z')
    const notices = ['2026-11-26T23:00:00Z', '2026-11-27T00:01:00Z', '2026-11-28T10:00:00Z', '2026-11-30T18:02:00Z'].map(text => instant(text))
    // Thursdays 17:00 UTC: the notice of Monday 18:02 falls inside an occurrence, which is then left out whole.
    for (const window of [MONDAY_18, {weekday: 4, startMinute: 17 * 60}, null]) {
      const first = candidateStarts(window, LOS_ANGELES, notices[0], required)
      for (const later of notices.slice(1)) {
        const name = `${JSON.stringify(window)} noticed ${later.toISO()}`
        const narrowed = first.filter(start => start >= earliestStart(window, later))
        expect(narrowed.map(start => iso(start)), name).to.deep.equal(candidateStarts(window, LOS_ANGELES, later, required).map(start => iso(start)))
        expect(narrowed.length, name).to.be.above(0)
      }
    }
  })
})

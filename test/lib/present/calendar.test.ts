import {expect} from 'chai'
import * as fc from 'fast-check'
import {DateTime} from 'luxon'

import type {Maintenance} from '../../../src/lib/maintenance/types.js'

import {calendarTime, eventUid, isUpcomingScheduled} from '../../../src/lib/maintenance/calendar.js'
import {escapeText, foldLine, maintenanceCalendar} from '../../../src/lib/present/calendar.js'
import {readCalendar, readEvents, unescapeText} from '../../helpers/calendar-reader.js'
import {aMaintenance} from '../../helpers/fixtures.js'

/** Any text, with more of the characters that need care than chance would give: separators, escapes, controls, line breaks, non-ASCII. */
const awkwardText = (maxLength: number) => fc.string({
  maxLength,
  unit: fc.oneof(fc.constantFrom(';', ',', '\\', ':', '"', '\r', '\n', '\t', '\u0000', '\u0007', '\u001F', '\u007F', '\u2028', 'é', '🛠'), fc.string({maxLength: 1, minLength: 1, unit: 'grapheme'})),
})
/** What a TEXT value reads back as: line breaks as \n, control characters (but tab) gone. */
// eslint-disable-next-line no-control-regex
const asRead = (text: string) => text.replaceAll(/\r\n|\r/g, '\n').replaceAll(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')

const NOW = DateTime.fromISO('2026-11-20T09:30:05.250Z')

function named(name: string, overrides: Partial<Maintenance> = {}): Maintenance {
  const base = aMaintenance()
  return aMaintenance({addon: {...base.addon, name, uuid: `${name}-uuid`}, ...overrides})
}

describe('present/calendar', () => {
  it('writes the whole document: CRLF lines, one 4-hour VEVENT, escaped and folded', () => {
    const calendar = maintenanceCalendar([aMaintenance()], {now: NOW})

    expect(calendar).to.equal([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//heroku-data-maintenance//Data maintenance calendar//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Heroku data maintenance',
      'BEGIN:VEVENT',
      'UID:addon-id-1-20261203T085402Z@heroku-data-maintenance',
      'DTSTAMP:20261120T093005Z',
      'DTSTART:20261127T180000Z',
      'DURATION:PT4H',
      'SUMMARY:Maintenance: redis-lively-12345 (example-app)',
      String.raw`DESCRIPTION:Kind: heroku-redis\nPlan: premium-0\nRequired by: 2026-12-03 08`,
      String.raw` :54:02 UTC\nWindow: Fridays 18:00 to 22:00 UTC\nStatus: ready`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'))
    expect(readEvents(calendar)).to.deep.equal([{
      description: 'Kind: heroku-redis\nPlan: premium-0\nRequired by: 2026-12-03 08:54:02 UTC\nWindow: Fridays 18:00 to 22:00 UTC\nStatus: ready',
      dtstamp: '20261120T093005Z',
      dtstart: '20261127T180000Z',
      duration: 'PT4H',
      summary: 'Maintenance: redis-lively-12345 (example-app)',
      uid: 'addon-id-1-20261203T085402Z@heroku-data-maintenance',
    }])
  })

  it('keeps only maintenances with a readable scheduled time that have not completed, earliest first', () => {
    const calendar = maintenanceCalendar([
      named('later-running', {scheduled_for: '2026-11-30 09:00:00 +0000', status: 'running'}),
      named('done', {scheduled_for: '2026-11-21T18:00:00Z', status: 'completed'}),
      named('unscheduled', {scheduled_for: null, status: 'pending'}),
      named('unreadable', {scheduled_for: 'next week', status: 'ready'}),
      named('sooner-pending', {scheduled_for: '2026-11-22T20:00:00+02:00', status: 'pending'}),
    ], {now: NOW})

    expect(readEvents(calendar).map(e => [e.summary, e.dtstart])).to.deep.equal([
      ['Maintenance: sooner-pending (example-app)', '20261122T180000Z'],
      ['Maintenance: later-running (example-app)', '20261130T090000Z'],
    ])
  })

  it('is a valid calendar with no event when nothing is scheduled', () => {
    const calendar = maintenanceCalendar([named('done', {status: 'completed'})], {now: NOW})

    expect(readCalendar(calendar).components).to.deep.equal([])
    expect(calendar.split('\r\n')).to.have.length(8)
  })

  it('shows the deadline in the description in the zone beside UTC', () => {
    const [event] = readEvents(maintenanceCalendar([aMaintenance()], {now: NOW, zone: 'Europe/Berlin'}))

    expect(event.description.split('\n')[2]).to.equal('Required by: 2026-12-03 09:54:02 GMT+1 (2026-12-03 08:54:02 UTC)')
    expect(event.dtstart).to.equal('20261127T180000Z')
  })

  it('takes the maintenance window when the add-on has none', () => {
    const maintenance = aMaintenance({addon: {...aMaintenance().addon, window: null}, window: 'Mondays 20:00 to 00:00 UTC'})

    expect(readEvents(maintenanceCalendar([maintenance], {now: NOW}))[0].description).to.include('\nWindow: Mondays 20:00 to 00:00 UTC\n')
  })

  describe('eventUid', () => {
    it('stays the same when the maintenance is moved, and differs between add-ons and deadlines', () => {
      const first = aMaintenance()
      const moved = aMaintenance({previously_scheduled_for: first.scheduled_for, scheduled_for: '2026-12-04T18:00:00.000+00:00'})
      const next = aMaintenance({required_by: '2027-03-03T08:54:02.518+00:00'})
      const other = named('redis-other')

      expect(eventUid(moved)).to.equal(eventUid(first))
      expect(new Set([eventUid(first), eventUid(next), eventUid(other)]).size).to.equal(3)
    })

    it('reads both time forms alike, and falls back to the add-on name and no-deadline', () => {
      const spaced = aMaintenance({required_by: '2026-12-03 10:54:02 +0200'})
      const bare = aMaintenance({addon: {...aMaintenance().addon, uuid: undefined}, required_by: null})

      expect(eventUid(spaced)).to.equal('addon-id-1-20261203T085402Z@heroku-data-maintenance')
      expect(eventUid(bare)).to.equal('redis-lively-12345-no-deadline@heroku-data-maintenance')
    })
  })

  it('isUpcomingScheduled', () => {
    expect(isUpcomingScheduled(aMaintenance({status: 'ready'}))).to.equal(true)
    expect(isUpcomingScheduled(aMaintenance({status: 'completed'}))).to.equal(false)
    expect(isUpcomingScheduled(aMaintenance({scheduled_for: null}))).to.equal(false)
  })

  it('calendarTime writes UTC whatever the offset', () => {
    expect(calendarTime(DateTime.fromISO('2026-03-29T02:30:00+02:00', {setZone: true}))).to.equal('20260329T003000Z')
  })

  describe('escapeText', () => {
    it('escapes backslash, semicolon, comma and every kind of line break, and drops other control characters', () => {
      expect(escapeText('a\\b;c,d\ne\r\nf\rg: "h"')).to.equal(String.raw`a\\b\;c\,d\ne\nf\ng: "h"`)
      expect(escapeText('bell\u0007 tab\t del\u007F')).to.equal('bell tab\t del')
    })

    it('round-trips through a strict TEXT reader', () => {
      fc.assert(fc.property(awkwardText(80), text => {
        expect(unescapeText(escapeText(text))).to.equal(asRead(text))
      }))
    })
  })

  describe('foldLine', () => {
    it('leaves a line of 75 octets alone and folds the 76th onto a line that starts with a space', () => {
      expect(foldLine('x'.repeat(75))).to.equal('x'.repeat(75))
      expect(foldLine('x'.repeat(76))).to.equal(`${'x'.repeat(75)}\r\n x`)
      expect(foldLine('x'.repeat(75 + 74 + 1))).to.equal(`${'x'.repeat(75)}\r\n ${'x'.repeat(74)}\r\n x`)
    })

    it('counts octets, never splitting a UTF-8 character', () => {
      // 74 ASCII octets, then a 2-octet é that does not fit: it moves whole to the next line.
      expect(foldLine(`${'x'.repeat(74)}é`)).to.equal(`${'x'.repeat(74)}\r\n é`)
      expect(foldLine(`${'x'.repeat(73)}é`)).to.equal(`${'x'.repeat(73)}é`)
      expect(foldLine(`${'x'.repeat(73)}🛠`)).to.equal(`${'x'.repeat(73)}\r\n 🛠`)
    })

    it('gives lines of at most 75 octets that unfold to the original, for any add-on and app name', () => {
      fc.assert(fc.property(awkwardText(120), awkwardText(60), (addon, app) => {
        const maintenance = aMaintenance({addon: {...aMaintenance().addon, name: addon}, app: {name: app}})
        const calendar = maintenanceCalendar([maintenance], {now: NOW})
        for (const line of calendar.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).to.be.at.most(75)
        expect(readEvents(calendar)[0].summary).to.equal(asRead(`Maintenance: ${addon} (${app})`))
      }), {numRuns: 300})
    })
  })

  describe('the strict reader used by these tests refuses', () => {
    const good = maintenanceCalendar([aMaintenance()], {now: NOW})
    for (const [what, text, message] of [
      ['LF line endings', good.replaceAll('\r\n', '\n'), 'does not end with CRLF'],
      ['a line over 75 octets', good.replace('SUMMARY:', `SUMMARY:${'x'.repeat(80)}`), 'longer than 75 octets'],
      ['an unescaped comma in TEXT', good.replace('SUMMARY:Maintenance:', 'SUMMARY:a,b'), 'unescaped ","'],
      ['an unknown escape', good.replace('SUMMARY:Maintenance:', String.raw`SUMMARY:a\tb`), 'invalid escape'],
      ['a missing UID', good.replace(/UID:[^\r]*\r\n/, ''), 'VEVENT has no UID'],
      ['a local DTSTART', good.replace('DTSTART:20261127T180000Z', 'DTSTART:20261127T180000'), 'DTSTART is not a UTC DATE-TIME'],
      ['an unclosed event', good.replace('END:VEVENT\r\n', ''), 'END:VCALENDAR does not close VEVENT'],
      ['a malformed duration', good.replace('PT4H', 'P4H'), 'DURATION is malformed'],
    ] as const) {
      it(what, () => {
        expect(() => readCalendar(text)).to.throw(message)
      })
    }
  })
})

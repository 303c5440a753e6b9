import {expect} from 'chai'
import {DateTime} from 'luxon'

import {ValidationError} from '../../../src/lib/errors.js'
import {parseZone} from '../../../src/lib/flags.js'
import {formatRelative, formatShortTime, formatShortWindow, formatTime, zoneLabel} from '../../../src/lib/format/time.js'
import {isKnownZone, parseApiTime} from '../../../src/lib/maintenance/time.js'

describe('format/time', () => {
  describe('parseApiTime', () => {
    it('reads ISO 8601 and keeps its offset', () => {
      const time = parseApiTime('2023-04-28T20:00:00.000+02:00')
      expect(time?.toISO()).to.equal('2023-04-28T20:00:00.000+02:00')
      expect(time?.toUTC().toISO()).to.equal('2023-04-28T18:00:00.000Z')
    })

    it('reads the spaced form "2016-02-01 00:00:00 +0000"', () => {
      expect(parseApiTime('2016-02-01 00:00:00 +0000')?.toUTC().toISO()).to.equal('2016-02-01T00:00:00.000Z')
      expect(parseApiTime('2016-02-01 05:30:00 +0530')?.toUTC().toISO()).to.equal('2016-02-01T00:00:00.000Z')
    })

    for (const value of ['garbage', '2016-13-45 99:00:00 +0000', '', null, undefined]) {
      it(`gives undefined for ${JSON.stringify(value)}`, () => {
        expect(parseApiTime(value)).to.equal(undefined)
      })
    }
  })

  describe('formatTime', () => {
    it('prints UTC by default, from either API form', () => {
      expect(formatTime('2023-04-28T18:00:00.000+00:00')).to.equal('2023-04-28 18:00:00 UTC')
      expect(formatTime('2023-04-28T20:00:00.000+02:00')).to.equal('2023-04-28 18:00:00 UTC')
      expect(formatTime('2016-02-01 00:00:00 +0500')).to.equal('2016-01-31 19:00:00 UTC')
    })

    it('accepts "utc" in any case as UTC', () => {
      expect(formatTime('2023-04-28T18:00:00.000+00:00', 'utc')).to.equal('2023-04-28 18:00:00 UTC')
    })

    it('prints the local time first and UTC beside it for another zone', () => {
      expect(formatTime('2023-04-28T18:00:00.000+00:00', 'America/New_York')).to.equal('2023-04-28 14:00:00 EDT (2023-04-28 18:00:00 UTC)')
    })

    it('prints "-" for a missing time', () => {
      expect(formatTime(null)).to.equal('-')
      expect(formatTime('')).to.equal('-')
    })

    it('shows an unparseable value as it came', () => {
      expect(formatTime('next tuesday')).to.equal('next tuesday')
    })
  })

  describe('formatRelative', () => {
    const now = DateTime.fromISO('2023-04-28T18:00:00Z')

    it('says how far in the future', () => {
      expect(formatRelative('2023-04-30T18:00:00.000+00:00', now)).to.equal('in 2 days')
    })

    it('says how long ago, from the spaced form too', () => {
      expect(formatRelative('2023-04-28 15:00:00 +0000', now)).to.equal('3 hours ago')
    })

    it('gives undefined for a missing or unparseable time', () => {
      expect(formatRelative(null, now)).to.equal(undefined)
      expect(formatRelative('soon', now)).to.equal(undefined)
    })
  })

  describe('parseZone (--tz) and isKnownZone', () => {
    it('returns a valid IANA zone or UTC unchanged', () => {
      expect(parseZone('Europe/Berlin')).to.equal('Europe/Berlin')
      expect(parseZone('UTC')).to.equal('UTC')
      expect(parseZone('utc')).to.equal('utc')
    })

    it('knows IANA zones and UTC in any case, and nothing else', () => {
      expect(['Europe/Berlin', 'UTC', 'utc', 'America/New_York'].map(zone => isKnownZone(zone))).to.deep.equal([true, true, true, true])
      expect(['Mars/Olympus', '', 'Berlin', ':/etc/localtime'].map(zone => isKnownZone(zone))).to.deep.equal([false, false, false, false])
    })

    it('refuses an unknown zone, naming it and where it came from', () => {
      expect(() => parseZone('Mars/Olympus')).to.throw(
        ValidationError,
        'Unknown time zone "Mars/Olympus" in --tz: use an IANA name such as Europe/Berlin, America/New_York or UTC.',
      )
      expect(() => parseZone('Nowhere', 'TZ')).to.throw(ValidationError, 'Unknown time zone "Nowhere" in TZ:')
    })
  })

  describe('formatShortTime', () => {
    it('prints minutes in the zone alone, without its name', () => {
      expect(formatShortTime('2023-04-28T20:00:30.000+02:00')).to.equal('2023-04-28 18:00')
      expect(formatShortTime('2023-04-28 18:00:00 +0000', 'Europe/Berlin')).to.equal('2023-04-28 20:00')
      expect(formatShortTime('2023-01-28 18:00:00 +0000', 'utc')).to.equal('2023-01-28 18:00')
    })

    it('prints "-" for no time and unreadable text as it came', () => {
      expect(formatShortTime(null)).to.equal('-')
      expect(formatShortTime('soon')).to.equal('soon')
    })
  })

  describe('zoneLabel', () => {
    it('names UTC, or the place of an IANA zone', () => {
      expect(zoneLabel()).to.equal('UTC')
      expect(zoneLabel('utc')).to.equal('UTC')
      expect(zoneLabel('Europe/Berlin')).to.equal('Berlin')
      expect(zoneLabel('America/Argentina/Buenos_Aires')).to.equal('Buenos Aires')
    })
  })

  describe('formatShortWindow', () => {
    it('shortens the API\'s form and keeps any other as it came', () => {
      expect(formatShortWindow('Fridays 18:00 to 22:00 UTC')).to.equal('Fri 18:00-22:00')
      expect(formatShortWindow('Tuesdays 23:00 to 03:00 UTC')).to.equal('Tue 23:00-03:00')
      expect(formatShortWindow('every other day')).to.equal('every other day')
      expect(formatShortWindow(null)).to.equal('-')
    })
  })
})

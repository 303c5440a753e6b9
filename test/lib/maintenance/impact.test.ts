import {expect} from 'chai'

import {dryRun, durationSeconds, expectedDuration, IMPACT_HISTORY_LIMIT, impactPreview} from '../../../src/lib/maintenance/impact.js'
import {describeDryRun, describeImpact} from '../../../src/lib/present/impact.js'
import {aMaintenance, anAddon} from '../../helpers/fixtures.js'

const completed = (seconds: null | string) => aMaintenance({completed_at: '2026-09-04T18:04:20.191+00:00', duration_seconds: seconds, status: 'completed'})

describe('maintenance/impact', () => {
  it('reads as much history as the Data API gives (20)', () => {
    expect(IMPACT_HISTORY_LIMIT).to.equal(20)
  })

  describe('durationSeconds', () => {
    it('reads the API\'s string as seconds, whatever the status', () => {
      expect(durationSeconds(aMaintenance({duration_seconds: '186', status: 'completed'}))).to.equal(186)
      expect(durationSeconds(aMaintenance({duration_seconds: '0.5', status: 'running'}))).to.equal(0.5)
    })

    for (const text of [null, '', 'soon', '-5', 'Infinity']) {
      it(`is unknown for ${JSON.stringify(text)}`, () => {
        expect(durationSeconds(aMaintenance({duration_seconds: text}))).to.equal(undefined)
      })
    }
  })

  describe('expectedDuration', () => {
    it('has no median or longest without completed maintenances', () => {
      expect(expectedDuration([])).to.deep.equal({longest: null, median: null, samples: 0})
    })

    it('takes the middle value of an odd count, and the longest', () => {
      expect(expectedDuration([completed('186'), completed('174'), completed('201')])).to.deep.equal({longest: 201, median: 186, samples: 3})
    })

    it('takes the mean of the middle two of an even count, rounded to the second', () => {
      expect(expectedDuration([completed('100'), completed('400'), completed('201'), completed('174')])).to.deep.equal({longest: 400, median: 188, samples: 4})
    })

    it('counts only completed maintenances with a readable, non-negative duration', () => {
      const history = [
        completed('120'),
        aMaintenance({duration_seconds: '900', status: 'running'}),
        aMaintenance({duration_seconds: '45', status: 'failed'}),
        completed(null),
        completed(''),
        completed('soon'),
        completed('-5'),
      ]
      expect(expectedDuration(history)).to.deep.equal({longest: 120, median: 120, samples: 1})
    })
  })

  describe('impactPreview', () => {
    it('takes method and required_by from the current maintenance and the duration from history', () => {
      const current = aMaintenance({method: 'failover', required_by: '2026-12-03T08:54:02.518+00:00'})
      expect(impactPreview(current, [completed('186'), completed('174')])).to.deep.equal({
        expected_duration_seconds: {longest: 186, median: 180, samples: 2},
        method: 'failover',
        required_by: '2026-12-03T08:54:02.518+00:00',
      })
    })

    it('keeps nulls the API gives', () => {
      expect(impactPreview(aMaintenance({method: null, required_by: null, status: 'none'}), [])).to.deep.equal({
        expected_duration_seconds: {longest: null, median: null, samples: 0},
        method: null,
        required_by: null,
      })
    })
  })

  describe('describeImpact', () => {
    it('gives the expected duration in words, with how many maintenances it comes from', () => {
      const impact = impactPreview(aMaintenance(), [completed('186'), completed('174'), completed('4000')])
      expect(describeImpact(impact)).to.deep.equal({
        expected_duration: '~ 3 minutes (median of 3 completed maintenances; longest ~ 67 minutes)',
        method: 'failover',
        required_by: '2026-12-03 08:54:02 UTC',
      })
    })

    it('says "no history" when there is none, and - for what the API does not know', () => {
      expect(describeImpact(impactPreview(aMaintenance({method: null, required_by: null}), []))).to.deep.equal({
        expected_duration: 'no history',
        method: '-',
        required_by: '-',
      })
    })

    it('says "1 completed maintenance" in the singular', () => {
      expect(describeImpact(impactPreview(aMaintenance(), [completed('30')])).expected_duration).to.equal('~ 30 seconds (median of 1 completed maintenance; longest ~ 30 seconds)')
    })
  })

  describe('dryRun', () => {
    const impact = impactPreview(aMaintenance(), [completed('186')])

    it('is the stable --json shape, fields in this order', () => {
      const preview = dryRun({action: 'schedule', addon: anAddon(), impact, outcome: {delay_weeks: 1}})
      expect(JSON.stringify(preview)).to.equal(JSON.stringify({
        dry_run: true,
        addon: 'redis-lively-12345',
        app: 'example-app',
        action: 'schedule',
        outcome: {delay_weeks: 1},
        impact: {method: 'failover', required_by: '2026-12-03T08:54:02.518+00:00', expected_duration_seconds: {median: 186, longest: 186, samples: 1}},
      }))
    })

    it('prints what and where first, then the outcome, then the impact', () => {
      const preview = dryRun({action: 'schedule', addon: anAddon(), impact, outcome: {delay_weeks: 1}})
      expect(Object.entries(describeDryRun(preview, {delay_weeks: '1'}))).to.deep.equal([
        ['action', 'schedule'],
        ['addon', 'redis-lively-12345'],
        ['app', 'example-app'],
        ['delay_weeks', '1'],
        ['method', 'failover'],
        ['required_by', '2026-12-03 08:54:02 UTC'],
        ['expected_duration', '~ 3 minutes (median of 1 completed maintenance; longest ~ 3 minutes)'],
      ])
    })
  })
})

import {expect} from 'chai'
import {DateTime} from 'luxon'

import {describeRunAnswer, explainRunOutcome} from '../../../src/lib/present/run.js'
import {aMaintenance} from '../../helpers/fixtures.js'

describe('describeRunAnswer', () => {
  const now = DateTime.fromISO('2026-11-27T18:00:00.000Z')

  it('shows a message-only answer as it is', () => {
    expect(describeRunAnswer({message: ' Maintenance started. '}, 'redis-lively-12345', now)).to.equal('Maintenance started.')
  })

  it('shows a running maintenance with its start', () => {
    expect(describeRunAnswer(aMaintenance({started_at: '2026-11-27T18:00:02.000+00:00', status: 'running'}), 'redis-lively-12345', now))
    .to.equal('Maintenance of redis-lively-12345: running, started 2026-11-27 18:00:02 UTC.')
  })

  it('shows when a maintenance that has not started is scheduled', () => {
    expect(describeRunAnswer(aMaintenance({scheduled_for: '2026-11-27T18:10:00.000+00:00', status: 'ready'}), 'redis-lively-12345', now))
    .to.equal('Maintenance of redis-lively-12345: ready, scheduled for 2026-11-27 18:10:00 UTC (in 10 minutes).')
  })

  it('shows a completed maintenance with its end', () => {
    expect(describeRunAnswer(aMaintenance({completed_at: '2026-11-27T18:03:00.000+00:00', status: 'completed'}), 'redis-lively-12345', now))
    .to.equal('Maintenance of redis-lively-12345: completed at 2026-11-27 18:03:00 UTC.')
  })

  it('shows both the message and the status when the answer has both', () => {
    const answer = {...aMaintenance({status: 'running'}), message: 'Failover started.'}

    expect(describeRunAnswer(answer, 'redis-lively-12345', now)).to.equal('Failover started.\nMaintenance of redis-lively-12345: running.')
  })
})

describe('explainRunOutcome', () => {
  it('says why the run would or would not start', () => {
    expect(explainRunOutcome({gatePasses: false, scheduledFor: null, status: 'ready'})).to.equal('the confirm gate would not pass')
    expect(explainRunOutcome({gatePasses: true, scheduledFor: '2026-11-27T18:10:00.000+00:00', status: 'ready'})).to.equal('it is ready, scheduled for 2026-11-27 18:10:00 UTC: it would start now')
    expect(explainRunOutcome({gatePasses: true, scheduledFor: null, status: 'pending'})).to.equal('it is pending: it would start now')
    expect(explainRunOutcome({gatePasses: true, scheduledFor: null, status: 'running'})).to.equal('it is already running')
    expect(explainRunOutcome({gatePasses: true, scheduledFor: null, status: 'completed'})).to.equal('there is no maintenance to start (status completed)')
  })
})

import type {Context} from 'mocha'

import {findRedisServer} from 'heroku-data-maintenance-sandbox/redis/server-process'

let skippedTests = 0

/**
 * The path of redis-server, or skips the calling suite (from its `before` hook) when there is none. The
 * skipped tests are counted and said once, when the run ends, so that a machine without it cannot pass
 * for a full run.
 */
export function redisServerOrSkip(context: Context): string {
  const binary = findRedisServer()
  if (binary) return binary
  if (skippedTests === 0) {
    process.once('exit', () => {
      process.stdout.write(`\n${skippedTests} tests skipped: redis-server is not on PATH, so the real failover suites did not run (CI installs it: apt-get install redis-server).\n`)
    })
  }

  skippedTests += context.test?.parent?.total() ?? 0
  // eslint-disable-next-line mocha/no-skipped-tests -- skipped for a missing server, and counted above
  return context.skip()
}

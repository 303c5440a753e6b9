import type {RedisInfo} from '../maintenance/redis.js'

/** `=== redis-softly-4514 (REDIS_URL)` then the info rows in the API's order as `Name: value`. */
export function renderRedisInfo(info: RedisInfo): string {
  const heading = info.config_vars.length > 0 ? `=== ${info.addon} (${info.config_vars.join(', ')})` : `=== ${info.addon}`
  // values is a list per the contract; a lone string from an older API is shown as it is.
  return [heading, ...info.info.map(row => `${row.name}: ${[row.values].flat().join(', ')}`)].join('\n')
}

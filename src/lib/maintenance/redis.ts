import type {Apis} from '../api/index.js'
import type {AddOn, RedisDatabase} from './types.js'

import {ApiError, ValidationError} from '../errors.js'
import {settleWithLimit} from './concurrency.js'

export const REDIS_SERVICE = 'heroku-redis'

/** How many databases `redis:info` asks the Redis API about at once. */
export const REDIS_CONCURRENCY = 4

/**
 * One database as `redis:info --json` prints it: which add-on and config vars it is, then the Redis
 * API's object as it came (only the password inside `resource_url` is masked).
 */
export type RedisInfo = RedisDatabase & {addon: string; config_vars: string[]}

export interface RedisInfoResult {
  databases: RedisInfo[]
  /** Add-ons the Redis API did not know (404), in the app's order. */
  skipped: string[]
}

function nameWithConfigVars(addon: AddOn): string {
  return addon.config_vars.length > 0 ? `${addon.name} (${addon.config_vars.join(', ')})` : addon.name
}

/** True when DATABASE names this add-on, or one of its config vars with or without `_URL` (`REDIS` is `REDIS_URL`), ignoring case. */
export function matchesDatabase(addon: AddOn, database: string): boolean {
  const wanted = database.trim().toUpperCase()
  if (addon.name.toUpperCase() === wanted) return true
  return addon.config_vars.some(configVar => {
    const name = configVar.toUpperCase()
    return name === wanted || name === `${wanted}_URL`
  })
}

/**
 * The app's Redis add-ons, or those DATABASE names. Naming something that matches none of them is a
 * mistake worth exit 1, with the add-ons that would have matched.
 */
export function selectRedisAddons(addons: AddOn[], appName: string, database?: string): AddOn[] {
  const redis = addons.filter(addon => addon.addon_service.name === REDIS_SERVICE)
  if (database === undefined) return redis
  const selected = redis.filter(addon => matchesDatabase(addon, database))
  if (selected.length > 0) return selected
  const candidates = redis.length > 0
    ? `its Redis add-ons are ${redis.map(a => nameWithConfigVars(a)).join(', ')}.`
    : 'it has no Redis add-ons.'
  throw new ValidationError(`No Redis add-on named ${JSON.stringify(database)} on ${appName}: ${candidates}`)
}

/** A database URL without its password, so that `--json` output can go into a CI log. */
export function maskUrlPassword(value: string): string {
  return value.replace(/^([a-z][\w+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1[REDACTED]@')
}

export function toRedisInfo(addon: AddOn, database: RedisDatabase): RedisInfo {
  const info: RedisInfo = {addon: addon.name, config_vars: [...addon.config_vars], ...database}
  // Ours win over any same-named field of the API, and stay first in the output.
  info.addon = addon.name
  info.config_vars = [...addon.config_vars]
  if (typeof info.resource_url === 'string') info.resource_url = maskUrlPassword(info.resource_url)
  return info
}

/**
 * The Redis API's view of each selected add-on; a database it does not know (404) is reported as skipped,
 * or, with `required` (a database named on the command line), is an error naming it.
 */
export async function fetchRedisInfo(redis: Apis['redis'], addons: AddOn[], {required = false} = {}): Promise<RedisInfoResult> {
  const read = async (addon: AddOn) => {
    try {
      return await redis.getDatabase(addon.name, {required})
    } catch (error) {
      throw error instanceof ApiError && error.status === 404 ? unknownToRedisApi(addon.name, error.message) : error
    }
  }

  const answers = await settleWithLimit(addons, REDIS_CONCURRENCY, read)
  // Every read has settled: the failure reported is the first in the app's order, whichever came first.
  const failed = answers.find(answer => !answer.ok)
  if (failed) throw failed.error
  const result: RedisInfoResult = {databases: [], skipped: []}
  addons.forEach((addon, index) => {
    const answer = answers[index]
    const database = answer.ok ? answer.value : undefined
    if (database) result.databases.push(toRedisInfo(addon, database))
    else result.skipped.push(addon.name)
  })
  return result
}

/** The error for a named database that the Platform API lists but the Redis API answers 404 for (exit 2, like any API refusal). */
export function unknownToRedisApi(name: string, apiMessage: string): ApiError {
  return new ApiError({
    id: 'not_found',
    message: `The Redis API does not know ${name}: ${apiMessage} It may still be provisioning or being deleted; check it with \`heroku addons:info ${name}\`.`,
    method: 'GET',
    path: `/redis/v0/databases/${name}`,
    status: 404,
  })
}

import type {RedisDatabase} from '../maintenance/types.js'

import {ApiError} from '../errors.js'
import {type ApiClient, expectObject} from './client.js'

/** The Key-Value Store (Redis) API, for `redis:info`. */
export class RedisApi {
  constructor(private readonly client: ApiClient) {}

  /**
   * The database's info rows, or undefined when the Redis API does not know this add-on (404); with
   * `required`, that 404 is thrown as the API's error instead.
   */
  async getDatabase(addonName: string, {required = false} = {}): Promise<RedisDatabase | undefined> {
    const request = {method: 'GET', path: `/redis/v0/databases/${encodeURIComponent(addonName)}`} as const
    try {
      return expectObject<RedisDatabase>(await this.client.request(request), request, v => typeof v.name === 'string' && Array.isArray(v.info))
    } catch (error) {
      if (!required && error instanceof ApiError && error.status === 404) return undefined
      throw error
    }
  }
}

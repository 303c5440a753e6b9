import {ValidationError} from '../errors.js'
import {ApiClient, type ClientConfig, DEFAULT_READ_BUDGET_SECONDS, RateLimitGauge, ReadBudget} from './client.js'
import {findToken} from './credentials.js'
import {DataMaintenanceApi} from './data.js'
import {credentialHost, dataUrl, platformUrl, redisUrl} from './hosts.js'
import {PlatformApi} from './platform.js'
import {RedisApi} from './redis.js'

export interface Apis {
  data: DataMaintenanceApi
  platform: PlatformApi
  /** What the answers said of the account's rate limit; a command that reads many sets its reserve here. */
  rateLimit: RateLimitGauge
  redis: RedisApi
  /** Kept so that every output path can redact it. */
  token: string
}

export interface ConnectOptions {
  debug?: (line: string) => void
  env?: Record<string, string | undefined>
  /** Overrides for tests: retry policy, sleep and the read budget's length. */
  overrides?: Partial<Pick<ClientConfig, 'retry' | 'sleep' | 'timeoutMs'>>
  userAgent: string
}

const PLATFORM_ACCEPT = 'application/vnd.heroku+json; version=3'

/** The longest budget a timer can hold (setTimeout's limit, about 24 days). */
const MAX_BUDGET_SECONDS = 2_147_483

/**
 * HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: the seconds all of a command's reads may take (a positive number,
 * decimals allowed; unset or empty: 30). Anything else is a usage error, found before any request.
 */
export function readBudgetSeconds(env: Record<string, string | undefined>): number {
  const text = env.HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT
  if (text === undefined || text.trim() === '') return DEFAULT_READ_BUDGET_SECONDS
  const value = text.trim()
  const seconds = /^\d+(\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : Number.NaN
  if (!(seconds > 0) || seconds > MAX_BUDGET_SECONDS) {
    throw new ValidationError(`HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT ${JSON.stringify(text)} is not valid: give a positive number of seconds (such as 30 or 2.5), at most ${MAX_BUDGET_SECONDS}.`)
  }

  return seconds
}

/** Builds the three API clients from the environment, exactly as the contract describes the hosts. */
export async function connect(options: ConnectOptions): Promise<Apis> {
  const env = options.env ?? process.env
  const {timeoutMs, ...overrides} = options.overrides ?? {}
  const budget = new ReadBudget(timeoutMs ?? readBudgetSeconds(env) * 1000)
  const token = await findToken(credentialHost(env), env)
  const rateLimit = new RateLimitGauge()
  const common = {budget, debug: options.debug, rateLimit, token, ...overrides}
  const dataHeaders: Record<string, string> = {accept: PLATFORM_ACCEPT, 'user-agent': options.userAgent}
  if (env.HEROKU_DATA_CONTROL_PLANE) dataHeaders['x-data-control-plane'] = env.HEROKU_DATA_CONTROL_PLANE
  return {
    data: new DataMaintenanceApi(new ApiClient({...common, baseUrl: dataUrl(env), headers: dataHeaders})),
    platform: new PlatformApi(new ApiClient({...common, baseUrl: platformUrl(env), headers: {accept: PLATFORM_ACCEPT, 'user-agent': options.userAgent}})),
    rateLimit,
    redis: new RedisApi(new ApiClient({...common, baseUrl: redisUrl(env), headers: dataHeaders})),
    token,
  }
}

import {ApiClient, type ClientConfig} from './client.js'
import {findToken} from './credentials.js'
import {DataMaintenanceApi} from './data.js'
import {credentialHost, dataUrl, platformUrl, redisUrl} from './hosts.js'
import {PlatformApi} from './platform.js'
import {RedisApi} from './redis.js'

export interface Apis {
  data: DataMaintenanceApi
  platform: PlatformApi
  redis: RedisApi
  /** Kept so that every output path can redact it. */
  token: string
}

export interface ConnectOptions {
  debug?: (line: string) => void
  env?: Record<string, string | undefined>
  /** Overrides for tests: retry policy and sleep. */
  overrides?: Partial<Pick<ClientConfig, 'retry' | 'sleep' | 'timeoutMs'>>
  userAgent: string
}

const PLATFORM_ACCEPT = 'application/vnd.heroku+json; version=3'

/** Builds the three API clients from the environment, exactly as the contract describes the hosts. */
export async function connect(options: ConnectOptions): Promise<Apis> {
  const env = options.env ?? process.env
  const token = await findToken(credentialHost(env), env)
  const timeoutSeconds = Number(env.HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT)
  const common = {
    debug: options.debug,
    timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
    token,
    ...options.overrides,
  }
  const dataHeaders: Record<string, string> = {accept: PLATFORM_ACCEPT, 'user-agent': options.userAgent}
  if (env.HEROKU_DATA_CONTROL_PLANE) dataHeaders['x-data-control-plane'] = env.HEROKU_DATA_CONTROL_PLANE
  return {
    data: new DataMaintenanceApi(new ApiClient({...common, baseUrl: dataUrl(env), headers: dataHeaders})),
    platform: new PlatformApi(new ApiClient({...common, baseUrl: platformUrl(env), headers: {accept: PLATFORM_ACCEPT, 'user-agent': options.userAgent}})),
    redis: new RedisApi(new ApiClient({...common, baseUrl: redisUrl(env), headers: dataHeaders})),
    token,
  }
}

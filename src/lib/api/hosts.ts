const DEFAULT_PLATFORM_URL = 'https://api.heroku.com'
const DEFAULT_DATA_URL = 'https://api.data.heroku.com'

type Env = Record<string, string | undefined>

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value)
}

function isLocal(url: URL): boolean {
  return ['127.0.0.1', '::1', '[::1]', 'localhost'].includes(url.hostname) || url.hostname.endsWith('.localhost')
}

/** Platform API base URL: `HEROKU_HOST` as a full URL, or a domain (`heroku.com` → `https://api.heroku.com`). */
export function platformUrl(env: Env = process.env): string {
  const host = env.HEROKU_HOST?.trim()
  if (!host) return DEFAULT_PLATFORM_URL
  if (isUrl(host)) return trimSlash(host)
  return `https://api.${trimSlash(host)}`
}

/**
 * Data API base URL. A full URL is used as given; a bare host takes HEROKU_HOST's scheme and port when
 * HEROKU_HOST is a local URL (the sandbox serves both APIs), https otherwise.
 */
export function dataUrl(env: Env = process.env, variable: 'HEROKU_DATA_HOST' | 'HEROKU_REDIS_HOST' = 'HEROKU_DATA_HOST'): string {
  const configured = env[variable]?.trim() || (variable === 'HEROKU_REDIS_HOST' ? env.HEROKU_DATA_HOST?.trim() : undefined)
  const platform = env.HEROKU_HOST?.trim()
  const localPlatform = platform && isUrl(platform) && isLocal(new URL(platform)) ? new URL(platform) : undefined
  if (!configured) return localPlatform ? trimSlash(localPlatform.origin) : DEFAULT_DATA_URL
  if (isUrl(configured)) return trimSlash(configured)
  if (localPlatform) {
    const hasPort = /:\d+$/.test(configured)
    return `${localPlatform.protocol}//${trimSlash(configured)}${hasPort || !localPlatform.port ? '' : `:${localPlatform.port}`}`
  }

  return `https://${trimSlash(configured)}`
}

export function redisUrl(env: Env = process.env): string {
  return dataUrl(env, 'HEROKU_REDIS_HOST')
}

/** The host name stored credentials are kept under (netrc machine / keychain entry). */
export function credentialHost(env: Env = process.env): string {
  return new URL(platformUrl(env)).host
}

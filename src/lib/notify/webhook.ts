import {isTransientStatus} from '../api/retry.js'
import {ValidationError} from '../errors.js'
import {sleep as realSleep} from '../sleep.js'

/** The webhook URL is a secret (Slack's carries its token in the path): messages name it only as "the webhook". */
export function parseWebhookUrl(text?: string): URL {
  if (text === undefined || text.trim() === '') {
    throw new ValidationError('No webhook given: pass --webhook URL or set HEROKU_DATA_MAINTENANCE_WEBHOOK (an http or https URL, such as a Slack incoming webhook).')
  }

  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new ValidationError('The webhook is not a URL: give an http or https URL, such as a Slack incoming webhook (it is not printed, being a secret).')
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError(`The webhook URL uses ${url.protocol.replace(/:$/, '')}: give an http or https URL.`)
  return url
}

/** The strings to hide wherever output could show them: the URL as given and as parsed, and its path with the query. */
export function webhookSecrets(text?: string): string[] {
  if (!text) return []
  const secrets = [text, text.trim()]
  try {
    const url = new URL(text.trim())
    secrets.push(url.href)
    const path = `${url.pathname}${url.search}`
    if (path.length >= 8) secrets.push(path)
  } catch {
    // Not a URL: the text itself is hidden.
  }

  return secrets
}

export interface PostOptions {
  /** Tries in all (first post and retries). */
  attempts?: number
  /** Pauses before each retry, in ms (the last one repeats). */
  pausesMs?: number[]
  sleep?: (ms: number) => Promise<void>
  timeoutMs?: number
}

export interface PostOutcome {
  attempts: number
  delivered: boolean
  /** Why it was not delivered, without the URL. */
  error?: string
}

/** Only errors where the request cannot have reached the receiver are retried, so that a delivered notice is never sent twice in a run. */
function notSent(error: unknown): boolean {
  const code = (error as {cause?: {code?: string}})?.cause?.code
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
}

/** Posts one JSON body, retrying a refused connection and transient answers (408, 429, 500, 502-504) a bounded number of times with backoff. */
export async function postJson(url: URL, body: unknown, options: PostOptions = {}): Promise<PostOutcome> {
  const attempts = options.attempts ?? 4
  const pauses = options.pausesMs ?? [500, 1000, 2000]
  const sleep = options.sleep ?? realSleep
  let last = ''
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      const pause = pauses[Math.min(attempt - 2, pauses.length - 1)]
      await sleep(pause + Math.floor(Math.random() * pause * 0.25))
    }

    let retry = false
    try {
      const response = await fetch(url, {
        body: JSON.stringify(body),
        headers: {'content-type': 'application/json'},
        method: 'POST',
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      })
      await response.arrayBuffer().catch(() => {})
      if (response.ok) return {attempts: attempt, delivered: true}
      last = `the webhook answered HTTP ${response.status}`
      retry = isTransientStatus(response.status)
    } catch (error) {
      const name = (error as Error)?.name
      last = name === 'TimeoutError' || name === 'AbortError' ? `the webhook did not answer within ${(options.timeoutMs ?? 10_000) / 1000}s` : `could not reach the webhook (${(error as {cause?: {code?: string; message?: string}})?.cause?.code ?? (error as {cause?: {message?: string}})?.cause?.message ?? 'connection failed'})`;
      retry = notSent(error)
    }

    if (!retry) return {attempts: attempt, delivered: false, error: last}
  }

  return {attempts, delivered: false, error: `${last} (${attempts} attempts)`}
}

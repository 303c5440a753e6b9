/** Exit codes are part of the public contract (README "Exit codes"); never renumber them. */
export const ExitCode = {
  ok: 0,
  usage: 1,
  api: 2,
  timeout: 3,
  failed: 4,
  /** `policy:check`: the add-ons do not follow the policy yet (changes or conflicts pending). */
  pending: 5,
  interrupted: 130,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** Base of every error this plugin raises on purpose: one line for the user, and its exit code. */
export class MaintenanceCliError extends Error {
  /** Under --json, more members of the error document beside `error` (such as what was read before it). */
  document?: Record<string, unknown>
  readonly exitCode: ExitCodeValue
  /** Stable machine-readable kind, printed as `error.id` under --json. */
  readonly id: string

  constructor(message: string, exitCode: ExitCodeValue, id: string) {
    super(message)
    this.name = new.target.name
    this.exitCode = exitCode
    this.id = id
  }
}

/** Bad input or a refused precondition, found before any changing request was sent. */
export class ValidationError extends MaintenanceCliError {
  constructor(message: string) {
    super(message, ExitCode.usage, 'invalid_input')
  }
}

/** The id of the error of a request its caller abandoned (its signal aborted): never shown, the caller no longer wants it. */
export const ABANDONED = 'abandoned'

/** A failed call to a Heroku API (or a server that did not answer as one). */
export class ApiError extends MaintenanceCliError {
  readonly method: string
  readonly path: string
  readonly status: number

  constructor(details: {id: string; message: string; method: string; path: string; status: number}) {
    super(details.message, ExitCode.api, details.id)
    this.status = details.status
    this.method = details.method
    this.path = details.path
  }
}

/**
 * A request not sent because the account's API rate limit fell to the reserve a command keeps for the
 * account's other uses (`--rate-limit-reserve`). No request was made; asking later will work.
 */
export class RateLimitReserveError extends MaintenanceCliError {
  readonly remaining: number
  readonly reserve: number

  constructor(details: {document?: Record<string, unknown>; message: string; remaining: number; reserve: number}) {
    super(details.message, ExitCode.api, 'rate_limit_reserve')
    this.remaining = details.remaining
    this.reserve = details.reserve
    this.document = details.document
  }
}

export class WaitTimeoutError extends MaintenanceCliError {
  constructor(message: string) {
    super(message, ExitCode.timeout, 'wait_timeout')
  }
}

export class MaintenanceFailedError extends MaintenanceCliError {
  constructor(message: string) {
    super(message, ExitCode.failed, 'maintenance_failed')
  }
}

export class InterruptedError extends MaintenanceCliError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.interrupted, 'interrupted')
  }
}

/** Replaces every occurrence of each secret in text; secrets shorter than 4 characters are left alone to avoid mangling ordinary words. */
export function redact(text: string, secrets: Array<string | undefined>): string {
  let out = text
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[REDACTED]')
  }

  return out
}

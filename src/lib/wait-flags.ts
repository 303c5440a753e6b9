import {Flags} from '@oclif/core'

import {ValidationError} from './errors.js'
import {parseDuration} from './format/duration.js'
import {DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS, type WaitTiming} from './maintenance/wait.js'

/** `--interval DURATION` in milliseconds: the pause between polls, at least a second. */
export function parseInterval(text: string): number {
  const interval = parseDuration(text, '--interval')
  if (interval < MIN_INTERVAL_MS) throw new ValidationError(`--interval ${JSON.stringify(text)} is too short: poll at most once a second (1s or more).`)
  return interval
}

/** `--timeout DURATION` in milliseconds. */
export function parseTimeout(text: string): number {
  return parseDuration(text, '--timeout')
}

export const interval = Flags.custom<number>({helpValue: 'DURATION', parse: async text => parseInterval(text)})
export const timeout = Flags.custom<number>({helpValue: 'DURATION', parse: async text => parseTimeout(text)})

/** The wait's timing from `--interval` (default 5s) and `--timeout` (none: no limit). */
export function waitTiming(flags: {interval?: number; timeout?: number}): WaitTiming {
  return {interval: flags.interval ?? DEFAULT_INTERVAL_MS, timeout: flags.timeout}
}

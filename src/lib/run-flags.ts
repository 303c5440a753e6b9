import {Flags} from '@oclif/core'

import {ValidationError} from './errors.js'
import {type WaitTiming} from './maintenance/wait.js'
import {waitTiming} from './wait-flags.js'

/** `--confirm APP`: the app's name, never empty. */
export function parseConfirm(text: string): string {
  if (text.trim() === '') throw new ValidationError('--confirm is empty: pass the name of the app the add-on belongs to, e.g. --confirm example-app.')
  return text
}

export const confirm = Flags.custom<string>({helpValue: 'APP', parse: async text => parseConfirm(text)})

export interface RunFlags {
  confirm?: string
  interval?: number
  'maintenance-mode'?: boolean
  timeout?: number
  wait: boolean
}

/**
 * The rules between run's flags, before any request: --confirm not with --maintenance-mode, and --timeout/--interval
 * only when the run waits. Returns the wait timing when it waits (--wait, or --maintenance-mode, which always waits).
 */
export function runWaitTiming(flags: RunFlags): undefined | WaitTiming {
  if (flags.confirm !== undefined && flags['maintenance-mode']) {
    throw new ValidationError('--confirm and --maintenance-mode were both given: use one of them (with --maintenance-mode the app is in maintenance mode, so no --confirm is needed).')
  }

  if (!flags.wait && !flags['maintenance-mode']) {
    const stray = [flags.timeout === undefined ? '' : '--timeout', flags.interval === undefined ? '' : '--interval'].filter(Boolean)
    if (stray.length === 1) throw new ValidationError(`${stray[0]} only applies with --wait (or --maintenance-mode): add --wait, or leave it out.`)
    if (stray.length > 1) throw new ValidationError(`${stray.join(' and ')} only apply with --wait (or --maintenance-mode): add --wait, or leave them out.`)
    return undefined
  }

  return waitTiming(flags)
}

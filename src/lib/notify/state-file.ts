import {readFileSync, renameSync, writeFileSync} from 'node:fs'

import {ValidationError} from '../errors.js'
import {emptyState, type NotifyState} from './notices.js'

/** The state file: a missing file is a first run; one that is not ours is refused, never overwritten. */
export function readNotifyState(file: string): NotifyState {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState()
    throw new ValidationError(`Cannot read the state file ${file}: ${(error as Error).message}.`)
  }

  try {
    const state = JSON.parse(text) as NotifyState
    if (state?.version === 1 && typeof state.maintenances === 'object' && state.maintenances !== null && !Array.isArray(state.maintenances)) return state
  } catch {
    // Refused below, with the same message.
  }

  throw new ValidationError(`The state file ${file} is not a notify state file (version 1): give another --state, or remove it to start afresh (every upcoming maintenance is then announced again).`)
}

/** Written to a temporary file then renamed, so that a crash leaves the old state or the new one, never half of one. */
export function writeNotifyState(file: string, state: NotifyState): void {
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`)
  renameSync(temporary, file)
}

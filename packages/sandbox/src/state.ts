import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'

import {parseInstant} from './clock.js'
import {type SandboxState, STATE_VERSION} from './model.js'

/** A state file the sandbox will not use (and will not overwrite). */
export class StateFileError extends Error {
  readonly file: string

  constructor(file: string, problem: string) {
    super(`state file ${file} ${problem}; fix or remove it, or start with another --state file`)
    this.name = 'StateFileError'
    this.file = file
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasStrings(value: unknown, keys: string[]): boolean {
  return isRecord(value) && keys.every(key => typeof value[key] === 'string')
}

/** Checks the parts of the shape the server relies on; returns what is wrong, or null. */
export function findStateProblem(value: unknown): null | string {
  if (!isRecord(value)) return 'does not hold a JSON object'
  if (value.version !== STATE_VERSION) return `has unknown version ${JSON.stringify(value.version ?? null)} (this sandbox reads version ${STATE_VERSION})`
  if (typeof value.seed !== 'string') return 'has no seed name'
  if (typeof value.clock !== 'string' || !parseInstant(value.clock)) return 'has no valid clock'
  if (typeof value.randomState !== 'number' || !Number.isFinite(value.randomState)) return 'has no random state'
  if (!hasStrings(value.account, ['id', 'email', 'name', 'createdAt'])) return 'has no valid account'
  if (!Array.isArray(value.apps) || !value.apps.every(app => hasStrings(app, ['id', 'name']) && typeof app.maintenance === 'boolean' && isRecord(app.configVars))) {
    return 'has invalid apps'
  }

  const addonsValid = Array.isArray(value.addons) && value.addons.every(addon =>
    hasStrings(addon, ['id', 'name', 'appId', 'service', 'plan', 'serverCreatedAt'])
    && Array.isArray(addon.attachments) && Array.isArray(addon.history) && isRecord(addon.server))
  if (!addonsValid) return 'has invalid add-ons'
  if (!Array.isArray(value.releases) || !value.releases.every(release => hasStrings(release, ['id', 'appId', 'description']))) {
    return 'has invalid releases'
  }

  const stepLog = (roll: Record<string, unknown>): boolean => isRecord(roll.steps) && ['what', 'at', 'details'].every(key => Array.isArray((roll.steps as Record<string, unknown>)[key]))
  if (!Array.isArray(value.rolls) || !value.rolls.every(roll => hasStrings(roll, ['id', 'image', 'status', 'createdAt']) && Array.isArray(roll.addons) && stepLog(roll))) {
    return 'has invalid rolls'
  }

  if (!Array.isArray(value.notifications) || !value.notifications.every(entry => hasStrings(entry, ['id', 'appId', 'kind', 'at']))) {
    return 'has invalid notifications'
  }

  return null
}

/** Reads a saved world; null when the file does not exist yet. Anything unreadable is refused. */
export function loadStateFile(file: string): null | SandboxState {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new StateFileError(file, `cannot be read (${(error as Error).message})`)
  }

  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new StateFileError(file, 'is not valid JSON')
  }

  const problem = findStateProblem(parsed)
  if (problem) throw new StateFileError(file, problem)
  return parsed as SandboxState
}

/** Above this many add-ons the state file is written without indentation. */
const LARGE_WORLD_ADDONS = 500

/**
 * Writes the world so that a crash at any moment leaves either the old or the new file:
 * write a temporary file beside it, flush it to disk, then rename it over the old one.
 */
export function saveStateFile(file: string, state: SandboxState): void {
  const directory = path.dirname(path.resolve(file))
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const descriptor = fs.openSync(temporary, 'w', 0o600)
  try {
    // Indented for a person to read; a large world (a fleet seed) on one line, which is much faster to write.
    fs.writeSync(descriptor, `${JSON.stringify(state, null, state.addons.length > LARGE_WORLD_ADDONS ? undefined : 2)}\n`)
    fs.fsyncSync(descriptor)
  } finally {
    fs.closeSync(descriptor)
  }

  try {
    fs.renameSync(temporary, file)
  } catch (error) {
    fs.rmSync(temporary, {force: true})
    throw error
  }

  syncDirectory(directory)
}

/** Makes the rename itself durable where the platform allows opening a directory. */
function syncDirectory(directory: string): void {
  let descriptor: number | undefined
  try {
    descriptor = fs.openSync(directory, 'r')
    fs.fsyncSync(descriptor)
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor)
  }
}

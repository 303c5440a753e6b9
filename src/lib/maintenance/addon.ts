import type {PlatformApi} from '../api/platform.js'
import type {AddOn} from './types.js'

import {ApiError, ValidationError} from '../errors.js'

export interface AddonReference {
  addon: string
  app: null | string
}

/** Validates the ADDON argument and splits `app::attachment`; no request is made. */
export function parseAddonReference(argument: string, app?: string): AddonReference {
  const value = argument.trim()
  const accepted = 'an add-on name (redis-lively-12345), an attachment (REDIS, REDIS_URL) or APP::ATTACHMENT'
  if (!value) throw new ValidationError(`ADDON is empty: give ${accepted}.`)
  if (value.includes('::')) {
    const [appPart, addonPart, ...rest] = value.split('::')
    if (!appPart || !addonPart || rest.length > 0) throw new ValidationError(`ADDON "${argument}" is not valid: give ${accepted}.`)
    return {addon: addonPart, app: appPart}
  }

  return {addon: value, app: app ?? null}
}

/** Resolves ADDON the way the Heroku CLI does: one match, or a clear error naming what was asked (and candidates when ambiguous). */
export async function resolveAddon(platform: PlatformApi, argument: string, app?: string): Promise<AddOn> {
  const reference = parseAddonReference(argument, app)
  const where = reference.app ? ` on app ${reference.app}` : ''
  let matches: AddOn[]
  try {
    matches = await platform.resolveAddon(reference.addon, reference.app)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      // The same 404 says either that the app or that the add-on does not exist; name the right one.
      if (reference.app && /\bthat app\b|\bapp not found\b/i.test(error.message)) throw appNotFound(reference.app)
      if (!reference.app && looksLikeAttachment(reference.addon)) throw attachmentNeedsApp(reference.addon)
      throw new ValidationError(`Add-on ${reference.addon} was not found${where}: check the name with \`heroku addons${reference.app ? ` -a ${reference.app}` : ''}\`.`)
    }

    throw error
  }

  if (matches.length === 0 && !reference.app && looksLikeAttachment(reference.addon)) throw attachmentNeedsApp(reference.addon)
  if (matches.length === 0) throw new ValidationError(`Add-on ${reference.addon} was not found${where}.`)
  if (matches.length > 1) {
    const candidates = matches.map(m => `${m.name} (app ${m.app.name})`).join(', ')
    throw new ValidationError(`Add-on ${reference.addon} is ambiguous${where}: it matches ${candidates}. Name one add-on, or pass --app.`)
  }

  return matches[0]
}

/** Add-on names are lowercase letters, digits and dashes; capitals or `_` make it an attachment or config var. */
function looksLikeAttachment(name: string): boolean {
  return /^[a-z][\w-]*$/i.test(name) && /[A-Z_]/.test(name)
}

function attachmentNeedsApp(name: string): ValidationError {
  return new ValidationError(`No add-on is named ${name}, and an attachment name such as ${name} needs its app: pass --app APP (or --remote REMOTE, set HEROKU_APP, or write APP::${name}).`)
}

function appNotFound(app: string): ValidationError {
  return new ValidationError(`App ${app} was not found: check the name with \`heroku apps\`.`)
}

/** Reads something of an app the user named; a 404 means the app does not exist, which is bad input (exit 1), not an API failure. */
export async function readNamedApp<T>(app: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw appNotFound(app)
    throw error
  }
}

import type {AddonRecord, AppRecord, AttachmentRecord} from './model.js'
import type {World} from './world.js'

import {notFound} from './http-error.js'

/** What a customer typed to name an add-on, split into its app part and its add-on part. */
interface Reference {
  app: AppRecord | undefined
  name: string
}

function reference(world: World, argument: string, appArgument: null | string | undefined): Reference {
  const qualified = /^(.+)::(.+)$/.exec(argument)
  const appName = qualified ? qualified[1] : appArgument
  const name = qualified ? qualified[2] : argument
  if (!appName) return {app: undefined, name}
  return {app: world.requireApp(appName), name}
}

/** True when `name` is the attachment's name or its config var (`REDIS` or `REDIS_URL`), ignoring case. */
function namesAttachment(attachment: AttachmentRecord, name: string): boolean {
  const wanted = name.toUpperCase()
  const attachmentName = attachment.name.toUpperCase()
  return wanted === attachmentName || wanted === `${attachmentName}_URL`
}

function describe(argument: string, app: AppRecord | undefined): string {
  return app ? `${argument} on app ${app.name}` : argument
}

/**
 * The add-ons an argument names: an add-on id or name anywhere, or an attachment / config var
 * name on the given app (on every app when none is given, which may find several).
 */
export function resolveAddons(world: World, argument: string, appArgument: null | string | undefined, service: null | string | undefined): AddonRecord[] {
  const {app, name} = reference(world, argument, appArgument)
  const byService = (addon: AddonRecord) => !service || addon.service === service

  const direct = world.findAddon(name)
  if (direct && byService(direct)) return [direct]

  const matches = world.state.addons.filter(addon =>
    byService(addon) && addon.attachments.some(attachment => (!app || attachment.appId === app.id) && namesAttachment(attachment, name)))
  if (matches.length === 0) throw notFound(`Couldn't find that add-on: ${describe(argument, app)}.`)
  return matches
}

/** The attachments an argument names: by attachment id, attachment or config var name, or add-on name/id. */
export function resolveAttachments(
  world: World,
  argument: string,
  appArgument: null | string | undefined,
  service: null | string | undefined,
): Array<{addon: AddonRecord; attachment: AttachmentRecord}> {
  const {app, name} = reference(world, argument, appArgument)
  const found: Array<{addon: AddonRecord; attachment: AttachmentRecord}> = []
  for (const addon of world.state.addons) {
    if (service && addon.service !== service) continue
    const addonNamed = addon.id === name || addon.name === name
    for (const attachment of addon.attachments) {
      if (app && attachment.appId !== app.id) continue
      if (addonNamed || attachment.id === name || namesAttachment(attachment, name)) found.push({addon, attachment})
    }
  }

  if (found.length === 0) throw notFound(`Couldn't find that add-on attachment: ${describe(argument, app)}.`)
  return found
}
